"""Answer keys a page can check against without holding the answers: salted hashes of roundings.

A worksheet page (:meth:`neurons.worksheets.Worksheet.write_html`) must accept a right
answer and name a known mistake without the answer being readable in its source. It
keeps, for each quantity, the SHA-256 digests of every rounding it accepts, each with a
salt of its own quantity; the page rounds what the student typed the same way, hashes it
with the same salt (the browser's ``crypto.subtle``), and looks the digest up.

The rule, the same here and in the page:

1. A given answer is read as a decimal number exactly as typed (``-0.002747``,
   ``-2.747e-3``; a Unicode minus and spaces are allowed), and rounded to the asked
   significant digits, halves away from zero: :func:`rounded` gives its canonical text,
   ``-2.747e-3``. A float is read as its shortest repr.
2. It is accepted when that rounding is within the tolerance of the exact value
   (:meth:`neurons.exercises.Tolerance.accepts`). :func:`accepted` lists every rounding that is,
   so the page's lookup and Python's test agree answer for answer.

What a determined student can still do: the page holds the salt and the digests, so
trying candidate answers one by one against them (about 9,000 four-digit numbers per
power of ten, a fraction of a second in a browser's console) finds the accepted
roundings. The key keeps answers out of sight, not out of reach; a student who can run
such a search can also compute the answer with this library.

Examples
--------
>>> rounded("-0.00274728", 4), rounded(-0.00274750, 4), rounded("1 000", 2)
('-2.747e-3', '-2.748e-3', '1.0e3')
>>> accepted(-0.0027472797899867935, relative=1e-3, digits=4)[:3]
('-2.750e-3', '-2.749e-3', '-2.748e-3')
>>> len(digest("ex1:f2", "-2.747e-3"))
32
"""

from __future__ import annotations

import hashlib
import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

from .checks import check_count, check_number
from .errors import ArgumentTypeError

__all__ = ["NUMBER", "accepted", "digest", "parse", "rounded"]

# A number as a student types it, once spaces are gone and a Unicode minus is "-"; the
# page's script uses the same pattern.
NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_DIGEST_CHARS = 32  # 128 bits of SHA-256: no wrong answer meets an accepted digest by chance


def parse(answer: Any) -> Decimal | None:
    """``answer`` as an exact decimal: a number (a float is read as its shortest repr) or a
    text in the form :data:`NUMBER` (spaces and a Unicode minus allowed); ``None`` for a
    text that is no number. Raises ArgumentTypeError for anything else, ParameterError for
    NaN or infinity.

    Examples
    --------
    >>> parse(" \u22120.5 "), parse(0.1), parse("abc")
    (Decimal('-0.5'), Decimal('0.1'), None)
    """
    if isinstance(answer, str):
        text = re.sub(r"\s", "", answer).replace("\u2212", "-")
        if not re.fullmatch(NUMBER, text):
            return None
        return Decimal(text)
    if isinstance(answer, bool) or (not isinstance(answer, (int, float)) and not hasattr(
            answer, "__float__")):
        raise ArgumentTypeError(f"an answer must be a number or a text, not "
                                f"{type(answer).__name__} {answer!r}")
    return Decimal(repr(check_number(answer, "answer")))


def rounded(answer: Any, digits: int) -> str | None:
    """The canonical text of ``answer`` rounded to ``digits`` significant digits, halves
    away from zero: ``"-2.747e-3"`` (all ``digits`` digits, one before the point), or
    ``"0"``; ``None`` for a text that is no number (see :func:`parse`).

    Examples
    --------
    >>> rounded("0.99996", 4), rounded("-0", 4), rounded("12.345", 4), rounded(5, 1)
    ('1.000e0', '0', '1.235e1', '5e0')
    """
    digits = check_count(digits, "digits")
    d = parse(answer)
    if d is None:
        return None
    if d == 0:
        return "0"
    with localcontext() as ctx:
        ctx.prec = max(28, len(d.as_tuple().digits) + 2)
        ctx.Emax, ctx.Emin = 999_999_999, -999_999_999
        q = d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP)
        if q.adjusted() > d.adjusted():  # 9.9996 -> 10.00: one digit more, drop its zero
            q = q.quantize(Decimal(1).scaleb(q.adjusted() - digits + 1))
    sign, ds, _ = q.as_tuple()
    mantissa = "".join(map(str, ds))
    body = mantissa[0] + ("." + mantissa[1:] if digits > 1 else "")
    return f"{'-' if sign else ''}{body}e{q.adjusted()}"


def accepted(value: float, *, relative: float, digits: int) -> tuple[str, ...]:
    """Every rounding to ``digits`` significant digits (:func:`rounded`'s text) within a
    ``relative`` tolerance of ``value``, in increasing order: the answers a page accepts.

    Examples
    --------
    >>> accepted(0.5, relative=1e-3, digits=4)
    ('4.996e-1', '4.997e-1', '4.998e-1', '4.999e-1', '5.000e-1', '5.001e-1', '5.002e-1', \
'5.003e-1', '5.004e-1', '5.005e-1')
    >>> accepted(0.0, relative=1e-3, digits=4)
    ('0',)
    """
    value = check_number(value, "value")
    digits = check_count(digits, "digits")
    if value == 0:
        return ("0",)
    lo, hi = sorted((value * (1 - relative), value * (1 + relative)))
    found = []
    top = max(abs(lo), abs(hi))
    bottom = min(abs(lo), abs(hi)) if lo * hi > 0 else 0.0
    first = math.floor(math.log10(bottom)) if bottom > 0 else math.floor(math.log10(top)) - 1
    for e in range(first, math.floor(math.log10(top)) + 1):
        step = 10.0 ** (e - digits + 1)
        for m in range(math.floor(lo / step) - 1, math.ceil(hi / step) + 2):
            if 10 ** (digits - 1) <= abs(m) < 10 ** digits:
                text = rounded(f"{m}e{e - digits + 1}", digits)
                assert text is not None
                try:
                    near = abs(float(text) - value) <= relative * abs(value)
                except (OverflowError, InvalidOperation):  # pragma: no cover - beyond floats
                    near = False
                if near:
                    found.append((float(text), text))
    return tuple(text for _, text in sorted(set(found)))


def digest(salt: str, text: str) -> str:
    """The first 128 bits of SHA-256 of ``salt + ":" + text``, as hex: what a page keeps of
    an accepted rounding, and computes of a given one.

    Examples
    --------
    >>> digest("s", "5.000e-1")
    '3dca12d641aabe9dc86e4119c9745df8'
    """
    return hashlib.sha256(f"{salt}:{text}".encode()).hexdigest()[:_DIGEST_CHARS]
