"""The demos as a sphinx-gallery: each demo's text, code, printed output and pictures.

The demos (``demos/*.py``, in the tour's order, :data:`neurons.tour.DEMOS`) are notebooks
in the "percent" format whose text cells are Markdown. sphinx-gallery reads the same
``# %%`` cells, but it wants a module docstring holding the title, and its text in
reStructuredText. So, before sphinx-gallery runs (``config-inited``):

1. each demo is copied into ``_generated/demos/`` with its first Markdown cell turned
   into the docstring and every Markdown cell into reST comments (:func:`convert`);
   the code cells are copied as they are, one gallery block each;
2. ``$NEURONS_DIAGRAMS_DIR`` points at ``_build/diagrams/``, so the demos write their
   pictures there and never into the repository's ``diagrams/``.

While sphinx-gallery runs the demos:

3. before each demo (sphinx-gallery's ``reset_modules``), :func:`before_each_demo` wraps
   :func:`neurons.tour.publish` so that it also notes what it would show under a notebook
   cell (a figure's PNG, or the picture file it was given), and does everything else as
   always. ``publish`` closes every figure it is given, so sphinx-gallery's matplotlib
   scraper never sees them;
4. :func:`scrape`, an image scraper, puts those pictures under the block that published
   them, in order, adds the diagram of a network that ends a block (a notebook shows a
   ``Network`` as its diagram, :meth:`neurons.Network._repr_png_`), and links the web
   pages (``*.html``) the block wrote.

After sphinx-gallery (``builder-inited``), the script offered for download (alone, and in
the zip with the notebook) is the demo itself, not the converted copy.
"""

from __future__ import annotations

import ast
import functools
import io
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

GALLERY_HEADER = """\
Gallery
=======

Every demo of the tour (``python -m neurons tour``), run while these pages were built:
its text, its code, what it printed and the pictures it drew. Each is one short script in
``demos/`` that also opens as a notebook (the "percent" cell format that Jupyter, through
jupytext, and VS Code read); the download buttons at the end of each page give the script
and a notebook. The :doc:`demo tour </guide/tour>` page lists what each one reproduces.
"""

_MARKER = re.compile(r"^# %%(?P<markdown> \[markdown\])?\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_CODE = re.compile(r"(?<![`\\])`([^`\n]+)`(?!`)")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_UNDERLINES = "=-~^\"'"


# -- 1. the demos in sphinx-gallery's format -------------------------------------------------------
def markdown_to_rst(text: str) -> str:
    """The Markdown of a demo's text cell as reST: headings, `code`, [links](url).

    The demos use a small part of Markdown, and the rest of it (paragraphs, ``**bold**``,
    ``- lists``) reads the same in reST. Anything else shows up as a warning of the -W
    build, which then fails.
    """
    lines = []
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            title = heading.group(2)
            lines += [title, _UNDERLINES[len(heading.group(1)) - 1] * len(title)]
        else:
            lines.append(line)
    rst = "\n".join(lines)

    def literal(match: re.Match) -> str:
        before = rst[match.start() - 1] if match.start() else " "
        after = rst[match.end()] if match.end() < len(rst) else " "
        # reST wants an inline literal to stand apart from the word around it
        return (("\\ " if before.isalnum() else "") + f"``{match.group(1)}``"
                + ("\\ " if after.isalnum() else ""))

    rst = _CODE.sub(literal, rst)
    return _LINK.sub(lambda m: f"`{m.group(1)} <{m.group(2)}>`__", rst)


def convert(source: str, name: str) -> str:
    """A demo in the percent format, as sphinx-gallery reads it: the first Markdown cell
    (``# # Title`` and its text) becomes the module docstring, each other Markdown cell
    reST comments after ``# %%``, and each code cell stays as it is, after ``# %%`` and a
    blank line (so that comments at its top stay code)."""
    cells: list[tuple[bool, list[str]]] = []
    for line in source.splitlines():
        marker = _MARKER.match(line)
        if marker:
            cells.append((bool(marker.group("markdown")), []))
        elif cells:
            cells[-1][1].append(line)
        elif line.strip():
            raise ValueError(f"demos/{name}.py: code before its first cell")
    if not cells or not cells[0][0]:
        raise ValueError(f"demos/{name}.py: the first cell must be Markdown, with the title")
    out = []
    for index, (markdown, lines) in enumerate(cells):
        if markdown:
            text = "\n".join(re.sub(r"^# ?", "", line) for line in lines).strip()
            rst = markdown_to_rst(text)
            if index == 0:
                if '"""' in rst:
                    raise ValueError(f'demos/{name}.py: """ in the first cell')
                out.append(f'r"""{rst}\n"""\n')
            else:
                out.append("# %%\n" + "\n".join(f"# {r}".rstrip() for r in rst.splitlines()))
        else:
            out.append("# %%\n\n" + "\n".join(lines).strip("\n"))
    return "\n\n".join(out) + "\n"


def write_demos(app: Sphinx, config: Any) -> None:
    """``config-inited``: the tour's demos, converted, into the gallery's source folder,
    and the demos' picture folder set."""
    from neurons.tour import DEMOS, demos_folder

    source = demos_folder()
    folder = config.sphinx_gallery_conf["examples_dirs"]
    target = Path(app.srcdir) / (folder if isinstance(folder, str) else folder[0])
    if target.exists():
        shutil.rmtree(target)  # a demo taken out of the tour leaves no page behind
    target.mkdir(parents=True)
    (target / "GALLERY_HEADER.rst").write_text(GALLERY_HEADER, encoding="utf-8")
    for name, _title in DEMOS:
        text = (source / f"{name}.py").read_text(encoding="utf-8")
        (target / f"{name}.py").write_text(convert(text, name), encoding="utf-8")
    diagrams = Path(app.outdir).parent / "diagrams"
    diagrams.mkdir(parents=True, exist_ok=True)
    os.environ["NEURONS_DIAGRAMS_DIR"] = str(diagrams)


def tour_order(filename: str) -> int:
    """sphinx-gallery's ``within_subsection_order``: the demos in the tour's order."""
    from neurons.tour import DEMOS

    names = [name for name, _ in DEMOS]
    stem = Path(filename).stem
    return names.index(stem) if stem in names else len(names)


# -- 3. what publish shows ------------------------------------------------------------------------
_shown: list[bytes | Path] = []  # what publish showed since the last block: PNG bytes or files
_pages: dict[str, int] = {}  # the web pages in the pictures' folder, and when each was written


def _noting(publish):
    """``publish``, noting what it shows in a notebook: a figure as the PNG it writes (or,
    without a stem, would show), a file as itself."""
    from matplotlib.figure import Figure

    @functools.wraps(publish)
    def noting_publish(picture, stem=None):
        shown: bytes | Path
        if isinstance(picture, Figure) and stem is None:  # shown only: publish keeps no file
            buffer = io.BytesIO()
            picture.savefig(buffer, format="png", dpi=picture.dpi)  # as publish shows it
            shown = buffer.getvalue()
        result = publish(picture, stem)  # writes, prints and closes, as always
        if isinstance(picture, Figure):
            if stem is not None:
                from neurons.tour import diagrams_folder

                shown = diagrams_folder() / f"{stem}.png"
        else:
            shown = Path(picture)
        _shown.append(shown)
        return result

    return noting_publish


def _page_times() -> dict[str, int]:
    folder = Path(os.environ["NEURONS_DIAGRAMS_DIR"])
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.html")}


def before_each_demo(gallery_conf: dict, fname: Any) -> None:
    """sphinx-gallery's ``reset_modules``: publish wrapped (once), nothing noted yet."""
    import neurons.tour

    if not hasattr(neurons.tour.publish, "__wrapped__"):
        neurons.tour.publish = _noting(neurons.tour.publish)
    _shown.clear()
    _pages.clear()
    _pages.update(_page_times())


# -- 4. the pictures under their blocks -----------------------------------------------------------
def _ends_with_expression(code: str) -> bool:
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False
    return bool(body) and isinstance(body[-1], ast.Expr)


def scrape(block: Any, block_vars: dict, gallery_conf: dict) -> str:
    """sphinx-gallery image scraper: the pictures this block published, the diagram of a
    network ending the block, and links to the pages it wrote; as reST."""
    from sphinx_gallery.scrapers import figure_rst

    shown = list(_shown)
    _shown.clear()
    titles = [p.stem.replace("_", " ") if isinstance(p, Path) else "" for p in shown]
    if _ends_with_expression(block.content):
        last = block_vars["example_globals"].get("___")
        png = getattr(last, "_repr_png_", None)
        if callable(png) and (data := png()):
            shown.append(data)
            titles.append("the network's diagram")
    parts = []
    for picture, title in zip(shown, titles):
        image = Path(next(block_vars["image_path_iterator"]))
        if isinstance(picture, bytes):
            image.write_bytes(picture)
        else:
            image = image.with_suffix(picture.suffix)  # a GIF stays a GIF, and plays
            shutil.copyfile(picture, image)
        parts.append(figure_rst([str(image)], gallery_conf["src_dir"], title))
    now = _page_times()
    written = sorted((t, n) for n, t in now.items() if _pages.get(n) != t)
    _pages.update(now)
    if written:
        folder = Path(os.environ["NEURONS_DIAGRAMS_DIR"])
        gallery = Path(block_vars["target_file"]).parent
        links = []
        for _time, name in written:
            shutil.copyfile(folder / name, gallery / "images" / name)
            links.append(f"* :download:`{name} <images/{name}>`")
        parts.append("\nThe pages this block wrote, to open in a browser:\n\n"
                     + "\n".join(links) + "\n")
    return "\n".join(parts)


# -- after sphinx-gallery -------------------------------------------------------------------------
def download_the_demos(app: Sphinx) -> None:
    """``builder-inited``, after sphinx-gallery: each gallery page's "Download Python source
    code" (and its zip, with the notebook) gives the demo as it is in ``demos/``, not the
    converted copy it ran."""
    from neurons.tour import DEMOS, demos_folder

    folder = app.config.sphinx_gallery_conf["gallery_dirs"]
    gallery = Path(app.srcdir) / (folder if isinstance(folder, str) else folder[0])
    for name, _title in DEMOS:
        script = gallery / f"{name}.py"
        if script.is_file():
            shutil.copyfile(demos_folder() / f"{name}.py", script)
            with zipfile.ZipFile(script.with_suffix(".zip"), "w") as archive:
                for member in (script, script.with_suffix(".ipynb")):
                    if member.is_file():
                        archive.write(member, member.name)


def run_only_for_html(app: Sphinx) -> None:
    """``builder-inited``, before sphinx-gallery reads its setting: the linkcheck builder
    does not run the demos (their output holds no link to check), as ``-D plot_gallery=0``
    would say."""
    if app.builder.name == "linkcheck":
        app.config.plot_gallery = "False"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", write_demos, priority=100)  # before sphinx-gallery's
    app.connect("builder-inited", run_only_for_html, priority=5)  # sphinx-gallery's: 10
    app.connect("builder-inited", download_the_demos, priority=900)  # after it ran the demos
    return {"parallel_read_safe": True, "parallel_write_safe": True}
