"""The package as it is installed: every package listed, one version, the demos shipped, and
the tour writing where it is told, never into the installed package (issue 21).

Building the wheel and running the tour from it in a fresh venv takes a minute: .ci/package
does that in CI. These are the fast checks of the same promises.
"""

from __future__ import annotations

import configparser
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import neurons
from neurons import tour

ROOT = Path(__file__).resolve().parent.parent
SETUP = configparser.ConfigParser()
SETUP.read(ROOT / "setup.cfg")


def test_setup_lists_every_package_and_maps_the_demos():
    listed = SETUP["options"]["packages"].split()
    found = [".".join(p.parent.relative_to(ROOT).parts)  # each folder with an __init__.py
             for p in (ROOT / "neurons").rglob("__init__.py")]
    assert sorted(listed) == sorted([*found, "neurons.demos"])
    assert SETUP["options"]["package_dir"].split() == ["neurons.demos", "=", "demos"]
    assert (ROOT / "demos" / "__init__.py").is_file()


def test_the_version_is_said_once():
    assert SETUP["metadata"]["version"] == "attr: neurons.__version__"
    assert re.fullmatch(r"\d+\.\d+\.\d+", neurons.__version__)
    assert importlib.metadata.version("neurons") == neurons.__version__
    assert f"## [{neurons.__version__}]" in (ROOT / "CHANGELOG.md").read_text()


def test_the_license_file_is_the_license_the_metadata_names():
    assert SETUP["metadata"]["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert (ROOT / "neurons" / "py.typed").is_file()
    assert "py.typed" in SETUP["options.package_data"]["neurons"]


def test_the_demos_are_the_installed_package_neurons_demos():
    folder = tour.demos_folder()
    assert folder.resolve() == (ROOT / "demos").resolve()  # this checkout is installed -e
    assert {name for name, _ in tour.DEMOS} <= {p.stem for p in folder.glob("*.py")}


def test_outside_a_checkout_the_pictures_go_to_neurons_tour(tmp_path, monkeypatch):
    monkeypatch.delenv("NEURONS_DIAGRAMS_DIR", raising=False)
    assert tour.diagrams_folder() == ROOT / "diagrams"  # a checkout: the committed pictures
    monkeypatch.setattr(tour, "_REPOSITORY", tmp_path / "site-packages")  # installed
    monkeypatch.chdir(tmp_path)
    assert tour.diagrams_folder() == tmp_path / "neurons-tour"
    monkeypatch.setenv("NEURONS_DIAGRAMS_DIR", str(tmp_path / "given"))
    assert tour.diagrams_folder() == tmp_path / "given"


def test_out_sends_the_pictures_where_it_says_and_puts_the_setting_back(
        tmp_path, monkeypatch, capsys):
    (tmp_path / "demos").mkdir()
    (tmp_path / "demos" / "tiny.py").write_text(
        "import matplotlib.pyplot as plt\nfrom neurons.tour import publish\n"
        "publish(plt.figure(figsize=(2, 1)), 'tiny')\n")
    monkeypatch.setattr(tour, "DEMOS", [("tiny", "A tiny demo")])
    monkeypatch.setattr(tour, "demos_folder", lambda: tmp_path / "demos")
    monkeypatch.setenv("NEURONS_DIAGRAMS_DIR", str(tmp_path / "before"))
    assert tour.main(out=tmp_path / "new" / "pictures") == 0
    assert sorted(p.name for p in (tmp_path / "new" / "pictures").iterdir()) == [
        "tiny.png", "tiny.svg"]
    assert f"are in {tmp_path / 'new' / 'pictures'}." in capsys.readouterr().out
    assert not (tmp_path / "before").exists()
    assert tour.diagrams_folder() == tmp_path / "before"  # the setting is as it was


def test_the_command_line_names_its_options():
    done = subprocess.run([sys.executable, "-m", "neurons", "tour", "--help"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0 and "--out DIR" in done.stdout and "--notebooks DIR" in done.stdout
    done = subprocess.run([sys.executable, "-m", "neurons", "tour", "--nope"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "unrecognized arguments: --nope" in done.stderr
