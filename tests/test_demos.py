"""Every demo and the tour run, so none can rot."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from neurons import tour

ROOT = Path(__file__).resolve().parent.parent
# demos/explorer.py needs the widgets extra: tests/test_widgets.py runs it as a notebook.
DEMOS = sorted(p for p in (ROOT / "demos").glob("*.py") if p.stem != "explorer")


def run(*args: str, out_dir: str | None = None) -> str:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    if out_dir is not None:  # demos that write pictures write them here, not into diagrams/
        env["NEURONS_DIAGRAMS_DIR"] = out_dir
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
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
}


@pytest.mark.parametrize("demo", DEMOS, ids=[d.stem for d in DEMOS])
def test_demo_runs_and_prints_its_headline_numbers(demo, tmp_path):
    out = run(str(demo), out_dir=str(tmp_path))
    assert out
    for line in HEADLINES.get(demo.stem, []):
        assert line in out, f"{line!r} missing from {demo.stem}'s output:\n{out}"
    if demo.stem in HEADLINES:  # the walkthroughs open as notebooks too (percent format)
        assert demo.read_text().startswith("# %%")


def test_the_diagrams_demo_draws_the_same_bytes_twice(tmp_path):
    """Regenerating the pictures changes no byte (PNG and SVG), so git shows no churn."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        run(str(ROOT / "demos" / "diagrams.py"), out_dir=str(folder))
    made = sorted(p.name for p in first.iterdir())
    assert "221_gradients.png" in made and "221_values.svg" in made
    for name in made:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_draw_benchmark_runs():
    out = run(str(ROOT / "benchmarks" / "bench_draw.py"), "--quick")
    assert out.count("draw ") == 6 and "784-128-64-10" in out


def test_the_tour_runs_every_demo_and_writes_the_committed_pictures(tmp_path):
    out = run("-m", "neurons", "tour", out_dir=str(tmp_path))
    for number, (name, title) in enumerate(tour.DEMOS, start=1):
        assert f"{number}. {title}    (demos/{name}.py)" in out
        for line in HEADLINES.get(name, []):
            assert line in out, f"{line!r} missing from the tour's {name}"
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in (ROOT / "diagrams").iterdir())
    assert f"The pictures ({len(made)} files) are in {tmp_path}" in out
    assert (tmp_path / "two_moons_training.gif").stat().st_size < 2_000_000


def test_every_demo_is_in_the_tour_and_every_picture_is_shown():
    assert sorted(name for name, _ in tour.DEMOS) == sorted(d.stem for d in DEMOS)
    assert sorted(HEADLINES) == sorted(name for name, _ in tour.DEMOS if name != "diagrams")
    texts = (ROOT / "README.md").read_text() + "".join(d.read_text() for d in DEMOS)
    for picture in (ROOT / "diagrams").iterdir():
        stem = picture.name.rsplit(".", 1)[0]
        assert picture.name in texts or f'"{stem}"' in texts, \
            f"{picture.name} is referenced neither in the README nor in a demo"


def test_command_line_usage():
    done = subprocess.run([sys.executable, "-m", "neurons"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 2 and "usage: python -m neurons tour" in done.stderr


def test_neuron_by_neuron_demo_matches_readme():
    out = run(str(ROOT / "demos" / "neuron_by_neuron.py"))
    readme = (ROOT / "README.md").read_text()
    start = out.index("dL/dw1 for")
    derivation = out[start:out.index("\nworst:", start)].rstrip()  # up to the gradient check
    assert derivation.endswith("dz_h1/dw1") and derivation in readme


def test_slow_path_benchmark_runs():
    """The benchmark must keep working; its timings are read by people, never asserted."""
    out = run(str(ROOT / "benchmarks" / "bench_slow_path.py"), "--quick")
    assert "ratio library / baseline" in out and "library == baseline" in out
    assert "net.gradients(x, y)" in out and "net.train(path='neurons')" in out


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


def test_a_demo_runs_as_a_notebook_with_a_diagram_and_a_derivation():
    """jupytext reads the percent format; nbclient runs it in a real kernel."""
    jupytext = pytest.importorskip("jupytext")
    nbclient = pytest.importorskip("nbclient")
    notebook = jupytext.read(ROOT / "demos" / "neuron_by_neuron.py")
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    data = [out.get("data", {}) for cell in notebook.cells if cell.cell_type == "code"
            for out in cell.outputs]
    assert any("image/png" in d for d in data)  # the network's diagram
    latex = [d["text/latex"] for d in data if "text/latex" in d]
    assert latex and r"\frac{\partial L}{\partial w_{1}}" in latex[0]
