"""Every demo and the tour run, so none can rot.

The tour runs every demo, so the suite runs the tour once per session (the ``tour_run``
fixture, shared by the pytest-xdist workers) and reads each demo's output from it. It runs
the tour with ``--notebooks``: each demo as a notebook, in a real kernel, so the one run
gives what the demos print, the pictures they write and the notebooks with the pictures
they show. No demo runs twice; the plain tour's own loop is tested on a demo of the test's.
"""

import base64
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from neurons import ArgumentTypeError, FileAccessError, Network, draw, tour

ROOT = Path(__file__).resolve().parent.parent
# demos/explorer.py needs the widgets extra: tests/test_widgets.py runs it as a notebook.
DEMOS = sorted(p for p in (ROOT / "demos").glob("*.py") if p.stem not in ("explorer", "__init__"))


def execute(*args: str, out_dir: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    if out_dir is not None:  # demos that write pictures write them here, not into diagrams/
        env["NEURONS_DIAGRAMS_DIR"] = out_dir
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def run(*args: str, out_dir: str | None = None) -> str:
    done = execute(*args, out_dir=out_dir)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_there_are_demos():
    assert DEMOS


# Each walkthrough's headline numbers, as the worked examples give them.
HEADLINES = {
    "chain_rule": ["L = m + 2 = 14", "dL/dx = 2x * 3 = 6x = 12", "central difference: 12.000000"],
    "neuron_by_neuron": ["w = [0, 1], b = 4, x = [2, 3]: 0.9990889488055994",
                         "b = 0, x = [2, 3]: 0.7216325609518421", "against 0: 0.5",
                         "dL/dw1 = dL/do1 * do1/dh1 * dh1/dw1", "= 0.0215",
                         "passed at rtol = 1e-06", "PASSED: both paths agree to 1e-12",
                         "neurons path: loss 0.2264 -> 0.00150; Emily 0.967, Frank 0.039",
                         "vectorized path: loss 0.2264 -> 0.00150; Emily 0.967, Frank 0.039"],
    "delta_notation": ["1-1-1 without biases: 8 factors", "2-2-2 without biases: 52 factors",
                       "delta_h1 = f'(z_h1) (w5 delta_o1 + w7 delta_o2)",
                       "both paths agree: True"],
    "backprop_steps": ["25 steps",
                       "delta_h1 = f'(z_h1) (w5 delta_o1) = 0.0452 * (1 * (-0.238)) = -0.0107",
                       "dL/dw1 = a_x1 delta_h1 = (-2) * (-0.0107) = 0.0215",
                       "the same as net.gradients: True",
                       "one training step gives the same parameters: True",
                       "wrote backprop_steps.gif: 25 frames, one per step"],
    "softmax_toy16": ["validation accuracy 100%, test accuracy 100%",
                      "the loss's own gradient times 4 is the same: True",
                      "both paths agree: True"],
    "tabular_tables": ["the loop:     [0.0097, 0.0079, 0.9936, 0.9921]",
                       "the library:  [0.0097, 0.0079, 0.9936, 0.9921]",
                       "same weights as the loop: True | per-neuron path the same: True",
                       "the loop, step     0: mean absolute error 0.5000",
                       "after 60000 steps: the loop 0.0037, the library 0.0037"],
    "xor_by_hand": ["outputs [0.003, 0.997, 0.996, 0.002]; accuracy 100%",
                    "the vectorized path learns the same weights"],
    "momentum_init": ["normal init,      sgd: loss 0.2502 -> 0.2500",
                      "he init, momentum: loss 0.2523 -> 0.0001",
                      "passed", "both paths agree: True", "all three identical: True"],
    "two_moons_layers": ["relu hidden layers: loss", "tanh hidden layers: loss",
                         "training accuracy 99.5%", "both paths agree: True"],
    "training_gif": ["training accuracy 100%; wrote two_moons_training.gif",
                     "both paths agree on the trained network: True"],
    "slow_and_fast": ["PASSED: both paths agree to 1e-12"],
    "shared_weights": ["h = [2.5, 4.5, 6.5]  o1 = -1.625",
                       "dL/dk1 (use 2 of 3, x2 -> h2) = a_x2 delta_h2 = 2 * 5.25 = 10.5",
                       "dL/dk1 = sum over its 3 uses = (-2.62) + 10.5 + (-3.94) = 3.94",
                       "the same as net.gradients: True", "both paths agree: True",
                       "np.correlate gives the same h: True"],
    "small_cnn": ["<Network 64-144-36-4: 64 inputs, 184 neurons, 188 parameters>",
                  "training accuracy 100.0%, test accuracy 100.0%",
                  "a linear model of the pixels: test accuracy 65.2%",
                  "both paths agree: True"],
    "bptt": ["h_1, h_2, h_3 = [0.4621, 0.5509, 0.1885]  y = 0.1885  L = (y - 0.5)^2 = 0.09706",
             "built by hand, the same output: True",
             "step 2, loss at step 3: h1_1 * delta_h3_1 * (w_hh f'(z_h2_1)) = 0.462 * (-0.601) "
             "* (0.8 * 0.696) = -0.155",
             "dL/dw_hh_1_1 = sum over 2 terms = -0.486",
             "the same as net.gradients: True", "central differences agree: True",
             "t = 2  delta_h2_1 = f'(z_h2_1) (w_hh_1_1 delta_h3_1) = 0.696 * (0.8 * (-0.601)) "
             "= -0.335"],
    "vanishing_gradients": [
        "tanh, rho(W_hh) = 0.5: ||dL/dh_t|| at t = 30, 20, 10, 1: 3.34e+00, 1.66e-03, "
        "4.66e-07, 4.10e-10",
        "tanh, rho(W_hh) = 1.5: ||dL/dh_t|| at t = 30, 20, 10, 1: 8.44e+00, 3.37e+01, "
        "5.53e+01, 2.28e+02",
        "the terms 10 or more steps back add up to 4.2e-05 of dL/dw_hh_1_2 = -4.99e-01"],
    "lesson_pages": ["wrote lesson_221.html: 25 steps, 0.77 MB, self-contained",
                     "wrote worksheet.html: 7 exercises (forward, delta, gradient, update, "
                     "shared, maxpool, bptt)",
                     "dL/dw6, factor by factor: dL/da_o1, f'(z_o1), delta_o1, a_h2, dL/dw6",
                     "factor 2 (f'(z_o1)): derivative_at_a"],
    "rnn_sine": ["<Network 1-16-1 recurrent, unrolled over 20 steps: 20 inputs, 340 neurons, "
                 "305 parameters>",
                 "mse 0.233 -> 0.033; validation 0.033",
                 "from step 6 on: network 0.0196, repeating the last value 0.1677",
                 "both paths agree: True"],
}


@dataclass(frozen=True)
class TourRun:
    out: str  # the tour's whole stdout
    pictures: Path  # the folder it wrote its pictures into
    sections: dict  # each demo's name -> what it printed, between its headline and the next
    notebooks: Path | None  # the executed notebooks; None without the tools that run them


# A demo's headline as the tour prints it: a rule, "N. Title    (demos/name.py)", a rule.
HEADLINE = re.compile(r"^={88}\n\d+\. .*    \(demos/(\w+)\.py\)\n={88}\n", re.MULTILINE)


@pytest.fixture(scope="session")
def tour_run(tmp_path_factory) -> TourRun:
    """``python -m neurons tour --notebooks``, run once for the session, its pictures and
    notebooks in folders of their own (the plain tour where jupytext, nbclient or ipykernel
    is missing: then the notebook tests skip).

    Under pytest-xdist each worker has this fixture: the first worker that needs it runs the
    tour in the session's temporary folder (the parent of every worker's own), and the others
    wait there for its result and read it, so the tour runs once whatever the distribution.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this session's, above every worker's basetemp
    folder, result = shared / "tour", shared / "tour.json"
    notebooks = shared / "notebooks" if all(
        importlib.util.find_spec(name) for name in tour.NOTEBOOK_TOOLS) else None
    try:
        folder.mkdir()  # atomic: the one worker that creates the folder runs the tour
    except FileExistsError:  # another worker runs it, or has run it: wait for its result
        deadline = time.monotonic() + 400
        while not result.exists():
            assert time.monotonic() < deadline, f"no tour result in {result} after 400 s"
            time.sleep(0.1)
    else:
        try:
            options = [] if notebooks is None else ["--notebooks", str(notebooks)]
            done = execute("-m", "neurons", "tour", *options, out_dir=str(folder))
            outcome = {"returncode": done.returncode, "stdout": done.stdout,
                       "stderr": done.stderr}
        except Exception as error:  # the waiting workers must hear of it too
            outcome = {"returncode": None, "stdout": "", "stderr": repr(error)}
        partial = shared / "tour.json.partial"
        partial.write_text(json.dumps(outcome))
        partial.replace(result)  # the result appears whole, or not at all
    outcome = json.loads(result.read_text())
    assert outcome["returncode"] == 0, outcome["stderr"]
    out = outcome["stdout"]
    found = list(HEADLINE.finditer(out))
    ends = [m.start() for m in found[1:]] + [out.rfind(f"\n{len(tour.DEMOS)} demos in ")]
    sections = {m.group(1): out[m.end():end] for m, end in zip(found, ends)}
    return TourRun(out, folder, sections, notebooks)


@pytest.mark.parametrize("demo", DEMOS, ids=[d.stem for d in DEMOS])
def test_demo_runs_and_prints_its_headline_numbers(demo, tour_run):
    out = tour_run.sections.get(demo.stem, "")  # the demo's own output, read from the tour
    assert out, f"the tour printed nothing for {demo.stem}:\n{tour_run.out}"
    for line in HEADLINES.get(demo.stem, []):
        assert line in out, f"{line!r} missing from {demo.stem}'s output:\n{out}"
    if demo.stem in HEADLINES:  # the walkthroughs open as notebooks too (percent format)
        assert demo.read_text().startswith("# %%")


def test_the_tour_draws_the_committed_pictures_byte_for_byte(tour_run):
    """Regenerating the pictures changes no byte (PNG, SVG and GIF), so git shows no churn.

    The committed diagrams/ are an earlier run's bytes, so this is the same proof as drawing
    twice and comparing (the diagrams demo once did), for every picture, with one run. The
    session's tour ran the demos as notebooks and the committed pictures come from the plain
    tour, so it also proves that a kernel (its inline backend) writes the same bytes.
    """
    made = sorted(p.name for p in tour_run.pictures.iterdir())
    assert "221_gradients.png" in made and "221_values.svg" in made
    for name in made:
        assert (tour_run.pictures / name).read_bytes() == (ROOT / "diagrams" / name).read_bytes(), \
            (f"{name} differs from diagrams/{name}: a picture that is not deterministic, or a "
             f"drawing change (then run `python -m neurons tour` and commit diagrams/)")


def test_draw_benchmark_runs():
    out = run(str(ROOT / "benchmarks" / "bench_draw.py"), "--quick")
    assert "2-2-1 picture + PNG: neurons" in out and "plain matplotlib" in out
    assert "animate_backprop, 2-2-1 worked example: 25 frames" in out
    assert out.count("draw ") == 4 and "784-128-64-10" in out


def test_the_tour_runs_every_demo_and_writes_the_committed_pictures(tour_run):
    out, tmp_path = tour_run.out, tour_run.pictures
    for number, (name, title) in enumerate(tour.DEMOS, start=1):
        assert f"{number}. {title}    (demos/{name}.py)" in out
        for line in HEADLINES.get(name, []):
            assert line in out, f"{line!r} missing from the tour's {name}"
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in (ROOT / "diagrams").iterdir())
    assert f"The pictures ({len(made)} files) are in {tmp_path}" in out
    if tour_run.notebooks is not None:
        assert f"The executed notebooks are in {tour_run.notebooks}" in out
    assert (tmp_path / "two_moons_training.gif").stat().st_size < 2_000_000


def test_every_demo_is_in_the_tour_and_every_picture_is_shown():
    assert sorted(name for name, _ in tour.DEMOS) == sorted(d.stem for d in DEMOS)
    assert sorted(HEADLINES) == sorted(name for name, _ in tour.DEMOS if name != "diagrams")
    pages = [page for page in (ROOT / "docs").rglob("*.md")
             if not {"_build", "_generated"} & set(page.parts)]  # the guide shows most pictures
    texts = "".join(path.read_text() for path in [ROOT / "README.md", *pages, *DEMOS])
    for picture in (ROOT / "diagrams").iterdir():
        stem = picture.name.rsplit(".", 1)[0]
        assert picture.name in texts or f'"{stem}"' in texts, \
            f"{picture.name} is referenced neither in the README, a docs page nor a demo"


def test_command_line_usage():
    done = subprocess.run([sys.executable, "-m", "neurons"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 2 and "usage: python -m neurons tour [--notebooks DIR]" in done.stderr


TINY_DEMO = """\
# %%
import matplotlib.pyplot as plt

from neurons.tour import publish

print("a tiny demo")
fig, ax = plt.subplots(figsize=(2, 1))
publish(fig, "tiny")
publish(plt.figure())  # only shown, in a notebook: nothing here
"""


def test_the_plain_tour_runs_each_script_in_this_process(tmp_path, monkeypatch, capsys):
    """The plain loop (README's command, without the test extra), on a demo of its own: the
    session's tour runs the real demos as notebooks, and none runs twice."""
    (tmp_path / "demos").mkdir()
    (tmp_path / "demos" / "tiny.py").write_text(TINY_DEMO)
    monkeypatch.setattr(tour, "DEMOS", [("tiny", "A tiny demo")])
    monkeypatch.setattr(tour, "demos_folder", lambda: tmp_path / "demos")
    monkeypatch.setenv("NEURONS_DIAGRAMS_DIR", str(tmp_path / "pictures"))
    assert tour.main() == 0
    out = capsys.readouterr().out
    assert f"1. A tiny demo    (demos/tiny.py)\n{'=' * 88}\na tiny demo\n" in out
    assert "wrote tiny.png\nwrote tiny.svg\n\n1 demos in " in out
    assert f"The pictures (2 files) are in {tmp_path / 'pictures'}." in out
    assert "notebooks" not in out
    assert sorted(p.name for p in (tmp_path / "pictures").iterdir()) == ["tiny.png", "tiny.svg"]


def test_the_notebook_tour_names_what_it_needs_before_running_anything(
        tmp_path, monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *args: None if name == "nbclient" else real(name, *args))
    monkeypatch.setattr(tour, "DEMOS", [("never_run", "Not run")])
    assert tour.main(notebooks=tmp_path / "notebooks") == 1
    out, err = capsys.readouterr()
    assert "needs nbclient" in err and '".[test]"' in err and "Not run" not in out
    assert not (tmp_path / "notebooks").exists()


def test_publish_writes_a_figure_only_with_a_name_and_closes_it(tmp_path, monkeypatch, capsys):
    """Outside a notebook: written and announced with a name, nothing without; closed."""
    monkeypatch.setenv("NEURONS_DIAGRAMS_DIR", str(tmp_path))
    named, unnamed = plt.figure(figsize=(2, 1)), plt.figure(figsize=(2, 1))
    assert tour.publish(named, "named") is None  # a cell ending with it shows no value
    tour.publish(unnamed)
    assert capsys.readouterr().out == "wrote named.png\nwrote named.svg\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["named.png", "named.svg"]
    assert named.number not in plt.get_fignums() and unnamed.number not in plt.get_fignums()


def test_publish_refuses_what_it_cannot_show(tmp_path):
    shown = draw(Network.dense([1, 1], seed=0))
    with pytest.raises(ArgumentTypeError, match=r"not NetworkDisplay: pass its .figure"):
        tour.publish(shown, "net")
    with pytest.raises(ArgumentTypeError, match="not a file's path with a stem"):
        tour.publish(tmp_path / "a.gif", "a")
    with pytest.raises(FileAccessError, match="no picture file"):
        tour.publish(tmp_path / "a.gif")  # a typo in a demo fails in a plain run too
    plt.close(shown.figure)


def test_neuron_by_neuron_demo_matches_the_building_guide(tour_run):
    out = tour_run.sections["neuron_by_neuron"]
    guide = (ROOT / "docs" / "guide" / "building.md").read_text()
    start = out.index("dL/dw1 for")
    derivation = out[start:out.index("\nworst:", start)].rstrip()  # up to the gradient check
    assert derivation.endswith("dz_h1/dw1") and derivation in guide


def test_slow_path_benchmark_runs():
    """The benchmark must keep working; its timings are read by people, never asserted."""
    out = run(str(ROOT / "benchmarks" / "bench_slow_path.py"), "--quick")
    assert "ratio library / baseline" in out and "library == baseline" in out
    assert "net.gradients(x, y)" in out and "net.train(path='neurons')" in out


def test_conv_benchmark_runs():
    """Convolutional networks: training against PyTorch (when installed), building, and the
    per-neuron path against a minimal loop; the timings are read by people, not asserted."""
    out = run(str(ROOT / "benchmarks" / "bench_conv.py"), "--quick")
    assert "ratio build / networkx" in out and "5770 neurons, 131328 edges" in out
    assert "gradients equal the minimal loop's to" in out
    assert "ratio net.gradients / minimal loop" in out


def test_rnn_benchmark_runs():
    pytest.importorskip("torch")  # its baseline is nn.RNN: the extras stage runs it
    out = run(str(ROOT / "benchmarks" / "bench_rnn.py"), "--quick")
    assert out.count("trained parameters equal PyTorch's to") == 2
    assert "Elman RNN 8-32-1, tanh, T = 20, outputs at each step; 256 sequences" in out
    assert out.count("ratio net.train / PyTorch") == 2


def test_fast_path_benchmark_runs():
    out = run(str(ROOT / "benchmarks" / "bench_fast_path.py"), "--quick")
    assert out.count("target <=") == 3 and "factor slow / fast path" in out


def test_train_benchmark_runs():
    """net.train against the hand loop (and PyTorch, scikit-learn when installed)."""
    out = run(str(ROOT / "benchmarks" / "bench_train.py"), "--quick")
    assert "net.train / hand loop" in out and "net.train float32 / hand float64" in out
    assert "sanity: trained weights equal the hand loop's" in out


def test_scale_benchmark_runs():
    out = run(str(ROOT / "benchmarks" / "bench_scale.py"), "--quick")
    assert out.count("target <=") == 3 and "bytes per edge" in out


def test_two_moons_benchmark_runs():
    out = run(str(ROOT / "benchmarks" / "bench_two_moons.py"), "--quick")
    assert "relu hidden layers" in out and "tanh hidden layers" in out and "target:" in out


def notebook_outputs(tour_run: TourRun, demo: str) -> list[dict]:
    """The data of every output of the demo's executed notebook (jupytext read the percent
    format, nbclient ran it in a real kernel), in order."""
    if tour_run.notebooks is None:
        pytest.skip("the tour ran without jupytext, nbclient and ipykernel (the test extra)")
    nbformat = pytest.importorskip("nbformat")  # it joins the lines JSON splits texts into
    notebook = nbformat.read(tour_run.notebooks / f"{demo}.ipynb", as_version=4)
    return [out.get("data", {}) for cell in notebook.cells if cell.cell_type == "code"
            for out in cell.outputs]


@pytest.mark.parametrize("demo", DEMOS, ids=[d.stem for d in DEMOS])
def test_demo_shows_its_pictures_as_a_notebook(demo, tour_run):
    data = notebook_outputs(tour_run, demo.stem)
    assert any("image/png" in d or "image/gif" in d for d in data), \
        f"{demo.stem} run as a notebook shows no picture"


def test_a_notebook_shows_each_picture_it_writes_and_the_gif(tour_run):
    """publish shows the file it wrote (no second rendering): the notebook's PNG is the
    file's bytes; a GIF plays."""
    images = [d["image/png"] for d in notebook_outputs(tour_run, "diagrams") if "image/png" in d]
    assert len(images) == 6  # four diagrams, the values for a phone, and the activations
    assert base64.b64decode(images[0]) == (tour_run.pictures / "221_weights.png").read_bytes()
    assert any("image/gif" in d for d in notebook_outputs(tour_run, "backprop_steps"))


def test_a_demo_runs_as_a_notebook_with_a_diagram_and_a_derivation(tour_run):
    data = notebook_outputs(tour_run, "neuron_by_neuron")
    assert any("image/png" in d for d in data)  # the network's diagram
    latex = [d["text/latex"] for d in data if "text/latex" in d]
    assert latex and r"\frac{\partial L}{\partial w_{1}}" in latex[0]
