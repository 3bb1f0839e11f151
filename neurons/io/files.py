"""The file side of :mod:`neurons.io`: parsing bytes strictly, and writing atomically."""

from __future__ import annotations

import json
import math
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from ..checks import check_path
from ..errors import FileAccessError, ParameterError
from .check import Invalid, Problem

__all__ = ["parse", "write_atomic", "write_document"]


def _parse_float(text: str) -> float | Invalid:
    value = float(text)
    return value if math.isfinite(value) else Invalid(text)


def _parse_int(text: str) -> int | Invalid:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (4300 by default)
        return Invalid(text)


def _parse_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) < len(pairs):  # json would silently keep the last of a repeated key
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise Problem(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return obj


def parse(data: bytes) -> Any:
    """Parse a file's bytes as strict JSON: UTF-8, no repeated keys; NaN, Infinity and
    numbers beyond the float range become :class:`Invalid` markers for the checks to name."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")  # tolerate a byte-order mark
    except UnicodeDecodeError as e:
        raise Problem(f"not UTF-8 text (byte {e.start}: {data[e.start:e.end]!r})") from None
    if not text.strip():
        raise Problem("the file is empty")
    try:
        return json.loads(text, parse_float=_parse_float, parse_int=_parse_int,
                          parse_constant=Invalid, object_pairs_hook=_parse_object)
    except json.JSONDecodeError as e:
        raise Problem(f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise Problem("not a network file: nested too deeply") from None


def write_document(path: str | os.PathLike, doc: dict[str, Any]) -> Path:
    """Write ``doc`` as JSON to ``path`` atomically, and return the path.

    The whole text is made first, written to a new file in the same folder,
    flushed to disk, and renamed over ``path``. On any error or interrupt the new
    file is removed: ``path`` holds its old content or the new one, never a part.
    A new file gets 0o666 less the umask; a replaced one keeps its permissions.
    """
    return write_atomic(path, _encode(doc))


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (as :func:`write_document` does), return the path.

    Raises FileAccessError (naming the file and why) when it cannot be written.
    """
    target = check_path(path, "path")
    if not target.name:
        raise FileAccessError("cannot save it: not a file name", str(path))
    tmp = None
    try:
        tmp, fd = _new_file(target)
        with open(fd, "wb") as f:
            if target.is_file():
                os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
            _write_all(f, data)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename makes it the file
        os.replace(tmp, target)
    except BaseException as e:  # KeyboardInterrupt too
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if not isinstance(e, OSError):
            raise
        why = (f"the directory {str(target.parent)!r} does not exist"
               if not target.parent.is_dir() else "it is a directory" if target.is_dir()
               else e.strerror or str(e))
        raise FileAccessError(f"cannot save it: {why}", str(target)) from e
    try:  # make the rename durable too (POSIX; elsewhere the data is on disk anyway)
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass
    return target


def _new_file(target: Path) -> tuple[Path, int]:
    # Beside the target, as os.replace is atomic only within one file system; os.open with
    # 0o666 lets the umask apply (mkstemp would make 0o600).
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                                | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue


def _write_all(f: Any, data: bytes) -> None:
    f.write(data)


def _encode(doc: dict[str, Any]) -> bytes:
    try:
        try:
            return _layout(doc, ascii_only=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate in a name: \\udxxx escapes read back
            return _layout(doc, ascii_only=True).encode("ascii")
    except (TypeError, ValueError) as e:  # NaN, or a value JSON has no type for
        raise ParameterError(f"the document cannot be written as JSON: {e}") from None


def _layout(doc: dict[str, Any], ascii_only: bool) -> str:
    """One top-level key per line, and one item per line inside a top-level list or object
    of containers (one neuron per line); deeper values stay on one line each, so that a
    neuron's 784 weights make one line, not 784."""
    def one_line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=ascii_only, allow_nan=False)

    def block(value: Any) -> str:
        items = value.values() if isinstance(value, dict) else value
        if not isinstance(value, (dict, list)) or not any(
                isinstance(v, (dict, list)) for v in items):
            return one_line(value)
        if isinstance(value, dict):  # '"key": value', the key as json writes it
            return "{\n  " + ",\n  ".join(one_line({k: v})[1:-1] for k, v in value.items()) \
                + "\n }"
        return "[\n  " + ",\n  ".join(map(one_line, value)) + "\n ]"

    return "{\n" + ",\n".join(f" {one_line({k: 0})[1:-4]}: {block(v)}"  # '"key"' as json has it
                              for k, v in doc.items()) + "\n}\n"
