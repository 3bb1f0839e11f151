"""A figure as inline SVG for a web page (:mod:`neurons.pages`): texts kept as text, the same
bytes for the same figure, a text alternative, and nothing in it that could act."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib import font_manager

from ..errors import NeuronsError
from ..pages import text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["inline_svg"]


def inline_svg(fig: Figure, label: str, *, ids: str = "", close: bool = False) -> str:
    """The figure as inline SVG for a page, its text alternative ``label`` (escaped).

    Texts stay text (``svg.fonttype: none``), so the page is small and a screen reader or a
    search finds them; the browser's fonts draw them (the one matplotlib measured them in,
    where the reader has it). The same figure gives the same bytes
    (a fixed hash salt, no date, no metadata). The SVG is scaled to the width of its place
    on the page. ``ids`` is put before every ``id`` matplotlib writes (and every reference
    to one), so that several figures on one page keep their ids apart. ``close`` closes
    the figure (a pyplot figure) once it is written.

    Raises NeuronsError if the SVG holds a script, an event handler, a ``foreignObject`` or
    a link to anything but a place in itself or an inline image (matplotlib writes none).

    Examples
    --------
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> out = inline_svg(fig, "an <empty> plot", close=True)
    >>> out.startswith('<svg role="img" aria-label="an &lt;empty&gt; plot"'), "<?xml" in out
    (True, False)
    """
    buffer = io.StringIO()
    try:
        with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "neurons",
                             "svg.image_inline": True, "font.sans-serif": _fonts()}):
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        if close:
            plt.close(fig)
    out = buffer.getvalue()
    out = out[out.index("<svg"):]  # no XML declaration or DOCTYPE inside HTML
    out = re.sub(r"\s*<metadata>.*?</metadata>", "", out, count=1, flags=re.S)  # RDF boilerplate
    _check(out)
    if ids:
        out = re.sub(r'\bid="', f'id="{ids}', out)
        out = re.sub(r'(href="#|url\(#)', lambda m: m.group(1) + ids, out)
    return re.sub(r'<svg [^>]*?(?=viewBox)', f'<svg role="img" aria-label="{text(label)}" ',
                  out, count=1)


def _fonts() -> list[str]:
    """The sans-serif fonts the SVG's texts name: the one matplotlib measured them in, then
    DejaVu Sans and Verdana (of about its widths, on most computers), not the ten of
    matplotlib's list on each of a diagram's hundreds of texts (a fifth of a page's bytes).
    The drawing is the same: the font list only names what the browser should look for."""
    found = font_manager.get_font(font_manager.findfont(
        font_manager.FontProperties(family=["sans-serif"]))).family_name
    return list(dict.fromkeys([found, "DejaVu Sans", "Verdana"]))


def _check(out: str) -> None:
    for element in ET.fromstring(out).iter():
        tag = element.tag.rpartition("}")[2]
        names = {k.rpartition("}")[2]: v for k, v in element.attrib.items()}
        link = names.get("href", "")
        if (tag in ("script", "foreignObject", "a", "iframe")
                or any(k.lower().startswith("on") for k in names)
                or (link and not link.startswith(("#", "data:image/")))):
            raise NeuronsError(f"refusing an SVG that holds <{tag}> with {element.attrib!r}: "
                               "a page shows a picture, nothing that acts")
