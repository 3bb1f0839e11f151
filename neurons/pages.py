"""Self-contained HTML pages: one file that opens from ``file://`` and asks nothing of the network.

The lesson (:mod:`neurons.drawing.lesson`) and the worksheet page
(:meth:`neurons.worksheets.Worksheet.write_html`) are written through this module, which
is where a page is made safe and whole:

==========================  ==================================================================
:func:`text`                a name, number or sentence as HTML text (every ``<&>"'`` escaped)
:func:`data_script`         data for the page's script, as JSON that cannot end the script
:func:`mathml`              a LaTeX equation as MathML (latex2mathml), every element checked
:func:`page`                the document: a Content-Security-Policy that lets only the
                            page's own script run and no request leave, the shared style
:func:`write_page`          the document written atomically, as a network file is
==========================  ==================================================================

Nothing a page shows is put in as markup except what this module made: names and numbers
go through :func:`text`, a diagram through :func:`neurons.drawing.svg.inline_svg`
(matplotlib's SVG writer escapes its texts; the result is parsed and refused if it holds a
script, an event handler or a link), equations through :func:`mathml` (parsed, and kept
only if every element is a MathML element and every attribute a presentation attribute).
The page's policy (``script-src 'sha256-...'``) runs the page's own script and nothing
else, so even markup that got through would run no script, and ``default-src 'none'``
stops every request.

Examples
--------
>>> text("<img src=x onerror=alert(1)>")
'&lt;img src=x onerror=alert(1)&gt;'
>>> data_script({"name": "</script><script>alert(1)"})
'{"name":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)"}'
>>> print(mathml(r"\\delta_{o_{1}} = 0.5")[:58])
<math xmlns="http://www.w3.org/1998/Math/MathML" display="
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from .checks import check_path
from .errors import FileAccessError, MissingDependencyError, NeuronsError
from .io.files import write_atomic

__all__ = ["STYLE", "data_script", "mathml", "page", "text", "write_page"]

_MATHML = "http://www.w3.org/1998/Math/MathML"
# The MathML that latex2mathml writes for our equations, and nothing that could act.
_MATH_ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mstyle", "mtable", "mtr",
    "mtd", "mpadded", "mphantom", "menclose", "semantics", "annotation"})
_MATH_ATTRIBUTES = frozenset({
    "display", "mathvariant", "width", "height", "depth", "stretchy", "fence", "separator",
    "lspace", "rspace", "linethickness", "columnalign", "rowspacing", "columnspacing",
    "displaystyle", "scriptlevel", "accent", "accentunder", "movablelimits", "form",
    "symmetric", "largeop", "minsize", "maxsize", "notation", "align", "encoding",
    "columnlines", "rowlines", "frame", "framespacing", "equalrows", "equalcolumns"})

STYLE = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --line: #d0d0d0;
  --accent: #1f5fa8; --good: #1b6e2a; --bad: #a32020; --paper: #fff; --tint: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 70rem; padding: 1rem; color: var(--ink);
  background: var(--paper); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
  "DejaVu Sans", sans-serif; }
h1 { font-size: 1.5rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.2rem; margin: 1.2rem 0 0.4rem; }
p, li { max-width: 48rem; }
button, input, select { font: inherit; }
button { padding: 0.35rem 0.9rem; border: 1px solid var(--accent); border-radius: 0.3rem;
  background: var(--paper); color: var(--accent); cursor: pointer; }
button:hover { background: var(--tint); }
button:disabled { color: var(--muted); border-color: var(--line); cursor: default; }
:focus-visible { outline: 3px solid #f0a000; outline-offset: 2px; }
table { border-collapse: collapse; margin: 0.4rem 0; }
th, td { border: 1px solid var(--line); padding: 0.2rem 0.55rem; text-align: right;
  font-variant-numeric: tabular-nums; }
th { background: var(--tint); text-align: left; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.text-equation { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: 0.9rem; color: var(--muted); white-space: pre-wrap; overflow-wrap: anywhere; }
math { font-size: 1.15rem; }
.math { overflow-x: auto; padding: 0.3rem 0; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; display: block; }
.note { color: var(--muted); font-size: 0.9rem; }
@media print { .controls, button { display: none; } }
""".strip()


def text(value: Any) -> str:
    """``value`` as HTML text: ``str(value)`` with ``& < > " '`` escaped (so it is safe in
    an element and in a quoted attribute).

    Examples
    --------
    >>> text('a "b" & <c>')
    'a &quot;b&quot; &amp; &lt;c&gt;'
    """
    return html.escape(str(value), quote=True)


def data_script(data: Any) -> str:
    """``data`` as JSON for a ``<script type="application/json">`` element: compact, keys
    sorted (the same data, the same bytes), and ``< > &`` written as ``\\u003c`` ...,
    so that no string in it can close the element or open another.

    Examples
    --------
    >>> data_script({"b": 1, "a": "<&>"})
    '{"a":"\\\\u003c\\\\u0026\\\\u003e","b":1}'
    """
    out = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                     allow_nan=False)
    return out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def mathml(latex: str, *, display: str = "block") -> str:
    """The LaTeX equation as MathML (which browsers draw natively), by latex2mathml.

    Every element of the result must be a MathML element and every attribute a MathML
    presentation attribute; anything else (which latex2mathml does not write) is refused,
    so that a name in the equation can only ever be text.

    Raises MissingDependencyError without latex2mathml, NeuronsError for a result that
    does not pass the check.

    Examples
    --------
    >>> out = mathml(r"\\frac{\\partial L}{\\partial w_{1}} = 0.0215")
    >>> "<mfrac>" in out, out.endswith("</math>")
    (True, True)
    """
    try:
        from latex2mathml.converter import convert
    except ImportError as e:  # pragma: no cover - a dependency of the package
        raise MissingDependencyError(
            "the pages need latex2mathml: pip install latex2mathml") from e
    out = convert(latex, display=display)
    root = ET.fromstring(out)
    for element in root.iter():
        namespace, _, tag = element.tag.rpartition("}")
        if namespace.lstrip("{") != _MATHML or tag not in _MATH_ELEMENTS or any(
                k not in _MATH_ATTRIBUTES for k in element.attrib):
            raise NeuronsError(f"refusing MathML <{tag}> with {element.attrib!r} from "
                               f"{latex!r}: an equation shows text, nothing that acts")
    return out


def page(title: str, body: str, *, script: str = "", style: str = "",
         description: str = "") -> str:
    """A whole HTML document around ``body`` (markup made by this module), titled ``title``
    (escaped), with the shared style, ``style`` added, and ``script`` as its one script.

    Its Content-Security-Policy lets no request leave the page (``default-src 'none'``:
    no font, image, script or connection from anywhere) and runs that one script only,
    by its hash: an event handler or a script that got into the page would not run.
    Inline ``data:`` images and inline styles are allowed; the page needs nothing else.

    Examples
    --------
    >>> doc = page("A <lesson>", "<p>hi</p>", script="console.log(1);")
    >>> doc.startswith("<!DOCTYPE html>"), "<title>A &lt;lesson&gt;</title>" in doc
    (True, True)
    >>> "script-src 'sha256-" in doc and "default-src 'none'" in doc
    True
    """
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
              f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")
    meta = (f'<meta name="description" content="{text(description)}">\n'
            if description else "")
    if "</script" in script.lower():
        raise NeuronsError("a page's script cannot hold '</script'")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{meta}<title>{text(title)}</title>\n"
        f"<style>\n{STYLE}\n{style.strip()}\n</style>\n</head>\n<body>\n{body}\n"
        + (f"<script>{script}</script>\n" if script else "")
        + "</body>\n</html>\n")


def write_page(path: Any, document: str) -> Path:
    """Write the page to ``path`` (UTF-8) atomically and return the path; its folder is
    made if needed. Raises FileAccessError when it cannot be written."""
    target = check_path(path, "path")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise FileAccessError(f"cannot make the folder {str(target.parent)!r}: "
                              f"{e.strerror or e}", str(target)) from e
    return write_atomic(target, document.encode("utf-8"))
