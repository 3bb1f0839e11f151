"""The README's Python examples run as written, and print what the README shows."""

import re
from itertools import pairwise
from pathlib import Path

import pytest

from .helpers import run_example

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)
# An example followed by a text block: the block is what it prints, "..." for lines left out.
FENCES = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.S)
SHOWN = {code: shown for (language, code), (next_language, shown) in pairwise(FENCES)
         if language == "python" and next_language == "text"}


def test_readme_has_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(code, capsys):
    printed = run_example(code, "README.md", capsys)
    for line in SHOWN.get(code, "").splitlines():
        assert line.strip() == "..." or line in printed.splitlines(), f"not printed: {line!r}"


def test_readme_shows_the_output_of_each_example():
    assert len(SHOWN) == len(BLOCKS)  # every example is followed by what it prints
