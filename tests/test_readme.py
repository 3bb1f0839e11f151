"""The README's Python examples run as written."""

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_readme_has_examples():
    assert len(BLOCKS) >= 2


# Examples of the optional extras run where the extra is installed (CI installs them).
EXTRAS = {"torch": "torch", "neurons.sklearn": "sklearn", "neurons.widgets": "ipywidgets"}


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(code, capsys):
    for marker, module in EXTRAS.items():
        if f"import {marker}" in code or f"from {marker} " in code:
            pytest.importorskip(module)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out  # each example prints something a reader can compare
