"""Mathematics as MathML, which browsers draw themselves: no MathJax from a CDN, no TeX.

The equations go through :func:`neurons.pages.mathml`, the function that writes the lesson
and worksheet pages' equations (latex2mathml, every element checked), so the site and the
pages set a formula the same way. An equation it cannot convert is a warning (and the -W
build fails), with its LaTeX shown as text in its place.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _mathml(self: Any, node: nodes.Element, latex: str, display: str) -> str:
    from neurons.pages import mathml

    try:
        return mathml(latex, display=display)
    except Exception as error:  # any failure is the equation's
        logger.warning("cannot write %r as MathML: %s", latex, error, location=node)
        return f"<code>{escape(latex)}</code>"


def visit_inline(self: Any, node: nodes.Element) -> None:
    self.body.append(_mathml(self, node, node.astext(), "inline"))
    raise nodes.SkipNode


def visit_block(self: Any, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    for latex in node.astext().split("\n\n"):  # blank lines separate equations
        if latex.strip():
            self.body.append(_mathml(self, node, latex.strip(), "block"))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer("mathml", (visit_inline, None), (visit_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
