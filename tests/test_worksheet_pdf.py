"""Worksheets as PDF through Typst (the optional extra ``pdf``), checked on the PDF's text."""

from __future__ import annotations

import pytest

from neurons.errors import MissingDependencyError
from neurons.worksheets import _typst_string, worksheet


def pdf_text(path) -> tuple[int, str, int]:
    """The PDF's page count, its text and how many images it shows."""
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(path)
    return (len(reader.pages), "\n".join(page.extract_text() for page in reader.pages),
            sum(len(page.images) for page in reader.pages))


def test_the_sheet_has_the_problems_and_the_key_the_answers(tmp_path):
    pytest.importorskip("typst")
    ws = worksheet(4, seed=3)
    files = ws.write_pdf(tmp_path)
    assert {"sheet.pdf", "answers.pdf", "sheet.typ", "answers.typ", "sheet.md",
            "exercise-1.png"} <= set(files)
    sheet_pages, sheet, sheet_images = pdf_text(files["sheet.pdf"])
    key_pages, key, key_images = pdf_text(files["answers.pdf"])
    assert sheet_pages == 3 and key_pages == 2  # four exercises, each with its picture
    assert "Backpropagation by hand: 4 exercises" in sheet and "Answer key" in key
    for i, ex in enumerate(ws.exercises, 1):
        short = f"{ex.answer:#.{ex.tolerance.digits}g}"
        assert f"Exercise {i}:" in sheet and f"Exercise {i}:" in key
        assert f"Answer: {ex.quantity} = {short}" in key
        assert short not in sheet  # no answer on the sheet
        assert ex.question.splitlines()[0] in sheet
    assert "Answer:" not in sheet and "Worked solution" not in sheet
    assert sheet_images == 4 and key_images == 0  # each exercise's network, on the sheet


def test_every_text_is_a_string_literal_so_nothing_is_read_as_markup():
    assert _typst_string('a "b" \\ #c $d$\nline') == '"a \\"b\\" \\\\ #c $d$\\nline"'


def test_without_typst_the_error_names_the_extra(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_typst(name, *args, **kwargs):
        if name == "typst":
            raise ImportError("no typst here")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_typst)
    with pytest.raises(MissingDependencyError, match=r'pip install "neurons\[pdf\]"'):
        worksheet(1, seed=0).write_pdf(tmp_path)
    assert not list(tmp_path.iterdir())  # refused before anything is written
