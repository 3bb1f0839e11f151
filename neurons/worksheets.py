"""The texts of exercises: questions, worked solutions, problem sheets and answer keys.

:mod:`neurons.exercises` draws the exercises and grades answers; this module writes
them down, in plain text (which is also Markdown) and in LaTeX. A question describes
the network neuron by neuron with its numbers, so that it can be worked without the
picture; a worked solution is the stepper's steps (:func:`neurons.steps.steps`) that
lead to the asked quantity, and for gradients :meth:`Network.explain`'s chain rule.

``worksheet(n, seed)`` puts n exercises on a problem sheet and their answers and worked
solutions in a separate key; with ``path=`` it writes ``sheet.md``, ``sheet.tex``,
``answers.md``, ``answers.tex`` and one picture of each network, ``exercise-1.png``, ...,
which both sheets show. The same seed gives the same files, byte for byte. The LaTeX
files are complete documents for pdflatex (packages amsmath, graphicx, geometry).

Without TeX, :meth:`Worksheet.write_pdf` typesets the sheet and the key as PDF with
Typst, which the optional extra ``pdf`` installs (``pip install "neurons[pdf]"``: the
``typst`` package carries its own compiler and fonts). It writes ``sheet.typ`` and
``answers.typ`` beside the pictures (the sources, to edit) and ``sheet.pdf`` and
``answers.pdf``: the questions and the worked solutions as the plain text shows them,
the networks' pictures, one exercise after another.

Examples
--------
>>> from neurons.worksheets import worksheet
>>> ws = worksheet(4, seed=0)
>>> [ex.kind for ex in ws.exercises]
['forward', 'delta', 'gradient', 'update']
>>> print(ws.sheet_markdown.splitlines()[0])
# Backpropagation by hand: 4 exercises
>>> f"{ws.exercises[0].answer:#.4g}" in ws.answers_markdown, ws.files
(True, {})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .checks import check_count, check_path, check_seed
from .errors import FileAccessError, MissingDependencyError
from .exercises import TITLES, Exercise, check_kinds, exercises, quantity_tex
from .pages import write_page
from .worksheet_page import worksheet_html

if TYPE_CHECKING:
    pass

__all__ = ["Worksheet", "worksheet"]

_PREAMBLE = "\n".join([
    r"\documentclass[11pt]{article}", r"\usepackage[T1]{fontenc}", r"\usepackage{amsmath}",
    r"\usepackage{graphicx}", r"\usepackage[margin=2cm]{geometry}",
    r"\setlength{\parindent}{0pt}", r"\setlength{\parskip}{0.5em}", r"\begin{document}"])


@dataclass(eq=False)
class Worksheet:
    """A problem sheet and its answer key: the ``exercises``, the four documents, the
    picture names they refer to, and ``files`` (name -> Path) once written."""

    exercises: tuple[Exercise, ...]
    seed: int
    sheet_markdown: str
    sheet_latex: str
    answers_markdown: str
    answers_latex: str
    pictures: tuple[str, ...]
    files: dict[str, Path] = field(default_factory=dict)

    def write(self, path: Any) -> dict[str, Path]:
        """Write the documents and the pictures into the folder ``path`` (made if needed);
        return (and keep in ``files``) each file's name -> Path."""
        import matplotlib.pyplot as plt

        folder = check_path(path, "path")
        texts = {"sheet.md": self.sheet_markdown, "sheet.tex": self.sheet_latex,
                 "answers.md": self.answers_markdown, "answers.tex": self.answers_latex}
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in texts.items():
                (folder / name).write_text(text, encoding="utf-8")
            for name, ex in zip(self.pictures, self.exercises):
                disp = ex.draw()
                disp.figure.savefig(folder / name)
                plt.close(disp.figure)
        except OSError as e:
            raise FileAccessError(f"cannot write the worksheet: {e.strerror or e}",
                                  str(folder)) from e
        self.files = {name: folder / name for name in (*texts, *self.pictures)}
        return self.files

    def to_html(self) -> str:
        """The worksheet as one self-contained web page (:mod:`neurons.worksheet_page`):
        the questions and pictures, an answer box for each, and "Check each factor"; the
        page checks answers and names recognised slips without holding the answers.

        Examples
        --------
        >>> page = worksheet(2, seed=0).to_html()
        >>> page.startswith("<!DOCTYPE html>"), page.count('<section class="exercise"')
        (True, 2)
        """
        return worksheet_html(self)

    def write_html(self, path: Any) -> Path:
        """Write :meth:`to_html`'s page to the file ``path`` (its folder made if needed)
        atomically; return (and keep in ``files``, under the file's name) its Path.

        Raises FileAccessError when the file cannot be written.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> out = worksheet(1, seed=0).write_html(pathlib.Path(tempfile.mkdtemp()) / "ws.html")
        >>> out.name, out.read_text(encoding="utf-8").count("<script")
        ('ws.html', 3)
        """
        out = write_page(path, self.to_html())
        self.files[out.name] = out
        return out

    def write_pdf(self, path: Any) -> dict[str, Path]:
        """Write the sheet and the key as PDF (``sheet.pdf``, ``answers.pdf``) into the
        folder ``path``, typeset by Typst with the pictures, beside everything
        :meth:`write` writes and the Typst sources (``sheet.typ``, ``answers.typ``);
        return (and keep in ``files``) each file's name -> Path.

        Raises
        ------
        MissingDependencyError
            Without the optional extra ``pdf`` (``pip install "neurons[pdf]"``).
        FileAccessError
            When the folder cannot be written.

        Examples
        --------
        >>> import tempfile
        >>> typst = __import__("pytest").importorskip("typst")
        >>> files = worksheet(2, seed=0).write_pdf(tempfile.mkdtemp())
        >>> files["sheet.pdf"].read_bytes()[:5]
        b'%PDF-'
        """
        try:
            import typst
        except ImportError:
            raise MissingDependencyError(
                'writing a worksheet as PDF needs Typst: pip install "neurons[pdf]"'
            ) from None
        files = self.write(path)
        folder = check_path(path, "path")
        sheet, key = _typst_documents(self)
        try:
            for name, source in (("sheet", sheet), ("answers", key)):
                (folder / f"{name}.typ").write_text(source, encoding="utf-8")
                typst.compile(str(folder / f"{name}.typ"), output=str(folder / f"{name}.pdf"),
                              root=str(folder))
        except OSError as e:
            raise FileAccessError(f"cannot write the worksheet: {e.strerror or e}",
                                  str(folder)) from e
        files.update({name: folder / name for name in
                      ("sheet.typ", "answers.typ", "sheet.pdf", "answers.pdf")})
        return files


def worksheet(n: int, seed: int | None = None, kinds: Any = None,
              path: Any = None) -> Worksheet:
    """Return a worksheet of ``n`` exercises drawn from ``seed`` (kinds in turn from
    ``kinds``, default the four of dense networks, ``KINDS``; the convolutional ones,
    "shared" and "maxpool", and the recurrent one, "bptt", when asked for; see
    :func:`neurons.exercises.exercises`); with ``path`` also write it into that folder
    (see the module).

    Examples
    --------
    >>> ws = worksheet(3, seed=0, kinds=["shared", "maxpool", "bptt"])
    >>> for line in ws.sheet_markdown.splitlines():
    ...     if line.startswith("## "):
    ...         print(line)
    ## Exercise 1: a shared kernel weight's gradient
    ## Exercise 2: a gradient through max pooling
    ## Exercise 3: backpropagation through time
    """
    n = check_count(n, "n")
    seed = check_seed(seed)
    if seed is None:
        seed = int(np.random.default_rng().integers(2**31))
    kinds = check_kinds(kinds)
    if path is not None:
        path = check_path(path, "path")
    exs = tuple(exercises(n, seed, kinds))
    pictures = tuple(f"exercise-{i + 1:0{len(str(n))}d}.png" for i in range(n))
    sheet = Worksheet(exs, seed, *_documents(exs, seed, pictures), pictures)
    if path is not None:
        sheet.write(path)
    return sheet


def _documents(exs: tuple[Exercise, ...], seed: int,
               pictures: tuple[str, ...]) -> tuple[str, str, str, str]:
    """The sheet and the key, each in Markdown and LaTeX."""
    n = len(exs)
    title = f"Backpropagation by hand: {n} exercise{'s' * (n != 1)}"
    intro = (f"Worksheet seed {seed}. Work each exercise with a calculator; the "
             f"answers and worked solutions are in a separate key")
    md_sheet = [f"# {title}", "", f"{intro} (answers.md).", ""]
    tex_sheet = [_PREAMBLE, rf"\section*{{{title}}}", f"{intro} (answers.tex).", ""]
    md_key = [f"# Answer key: {title[0].lower()}{title[1:]}", "",
              f"Worksheet seed {seed}; the problems are in sheet.md.", ""]
    tex_key = [_PREAMBLE, rf"\section*{{Answer key: {title}}}",
               f"Worksheet seed {seed}; the problems are in sheet.tex.", ""]
    for i, (ex, picture) in enumerate(zip(exs, pictures), 1):
        head = f"Exercise {i}: {TITLES[ex.kind]}"
        short, exact = f"{ex.answer:#.{ex.tolerance.digits}g}", f"{ex.answer:.12g}"
        md_sheet += [f"## {head}", "", f"![The network of exercise {i}]({picture})", "",
                     ex.question, ""]
        tex_sheet += [rf"\subsection*{{{head}}}", r"\begin{center}",
                      rf"\includegraphics[width=0.6\linewidth]{{{picture}}}", r"\end{center}",
                      ex.question_latex, ""]
        md_key += [f"## {head}", "", f"**{ex.quantity} = {short}** (exact {exact}; "
                   f"accepted within a relative {ex.tolerance.relative:g}).", "", "```text",
                   ex.solution, "```", ""]
        tex_key += [rf"\subsection*{{{head}}}",
                    rf"\textbf{{Answer:}} ${quantity_tex(ex.kind, ex.target)} = {short}$ "
                    rf"(exact ${exact}$; accepted within a relative {ex.tolerance.relative:g}).",
                    "",
                    ex.solution_latex, ""]
    return ("\n".join(md_sheet), "\n".join([*tex_sheet, r"\end{document}", ""]),
            "\n".join(md_key), "\n".join([*tex_key, r"\end{document}", ""]))


def _typst_string(text: str) -> str:
    """``text`` as a Typst string literal: nothing in it is read as markup or code."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\t", "\\t").replace("\r", "\\r") + '"'


def _typst_documents(ws: Worksheet) -> tuple[str, str]:
    """The sheet and the key as Typst documents: every text a string literal (escaped), each
    question and worked solution as its plain text, in a block of fixed-width type."""
    n = len(ws.exercises)
    title = f"Backpropagation by hand: {n} exercise{'s' * (n != 1)}"
    head = ['#set page(paper: "a4", margin: 2cm)', "#set text(size: 11pt)",
            "#show raw: set text(size: 9pt)"]
    intro = (f"Worksheet seed {ws.seed}. Work each exercise with a calculator; the answers "
             f"and worked solutions are in a separate key (answers.pdf).")
    sheet = [*head, f"#heading(level: 1, {_typst_string(title)})",
             f"#par({_typst_string(intro)})"]
    where = f"Worksheet seed {ws.seed}; the problems are in sheet.pdf."
    key = [*head, f"#heading(level: 1, {_typst_string(f'Answer key: {title}')})",
           f"#par({_typst_string(where)})"]
    for i, (ex, picture) in enumerate(zip(ws.exercises, ws.pictures), 1):
        heading = _typst_string(f"Exercise {i}: {TITLES[ex.kind]}")
        short, exact = f"{ex.answer:#.{ex.tolerance.digits}g}", f"{ex.answer:.12g}"
        sheet += [f"#heading(level: 2, {heading})",
                  f"#align(center, image({_typst_string(picture)}, width: 60%))",
                  f"#raw(block: true, {_typst_string(ex.question)})"]
        answer = (f"Answer: {ex.quantity} = {short} (exact {exact}; accepted within a "
                  f"relative {ex.tolerance.relative:g}).")
        key += [f"#heading(level: 2, {heading})", f"#par(strong({_typst_string(answer)}))",
                f"#raw(block: true, {_typst_string(ex.solution)})"]
    return "\n".join(sheet) + "\n", "\n".join(key) + "\n"


# -- one exercise's texts -----------------------------------------------------------------------
