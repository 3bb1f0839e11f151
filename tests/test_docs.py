"""The documentation site's examples run as written: the guide's Python blocks and the
front page's quick start (docs/, the Sphinx site, whose build runs the quick start too)."""

import re
import runpy
from pathlib import Path

import pytest

from .helpers import run_example

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if not {"_build", "_generated"} & set(p.parts))
BLOCKS = [(f"{p.relative_to(DOCS).with_suffix('')}-{i}", code) for p in PAGES
          for i, code in enumerate(re.findall(r"```python\n(.*?)```", p.read_text(), flags=re.S))]


def test_docs_have_examples():
    assert len(BLOCKS) >= 16


@pytest.mark.parametrize("code", [code for _, code in BLOCKS], ids=[name for name, _ in BLOCKS])
def test_docs_example_runs(code, capsys):
    run_example(code, "docs", capsys)


def test_quickstart_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(DOCS / "quickstart.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "[0.   0.98 0.98 0.03]" in out and "dL/dw1 for x = (1, 0)" in out
    assert (tmp_path / "xor.png").is_file()
