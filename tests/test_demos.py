"""Every demo and the tour run, so none can rot."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMOS = sorted((ROOT / "demos").glob("*.py"))


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
    "delta_notation": ["1-1-1 without biases: 8 factors", "2-2-2 without biases: 52 factors",
                       "delta_h1 = f'(z_h1) (w5 delta_o1 + w7 delta_o2)",
                       "both paths agree: True"],
    "softmax_toy16": ["validation accuracy 100%, test accuracy 100%",
                      "the loss's own gradient times 4 is the same: True",
                      "both paths agree: True"],
    "tabular_tables": ["the loop:     [0.0097, 0.0079, 0.9936, 0.9921]",
                       "the library:  [0.0097, 0.0079, 0.9936, 0.9921]",
                       "same weights as the loop: True | per-neuron path the same: True",
                       "mean absolute error after:  0.003"],
}


@pytest.mark.parametrize("demo", DEMOS, ids=[d.stem for d in DEMOS])
def test_demo_runs_and_prints_its_headline_numbers(demo, tmp_path):
    out = run(str(demo), out_dir=str(tmp_path))
    assert out
    for line in HEADLINES.get(demo.stem, []):
        assert line in out, f"{line!r} missing from {demo.stem}'s output:\n{out}"
    if demo.stem in HEADLINES:  # the walkthroughs open as notebooks too (percent format)
        assert demo.read_text().startswith("# %%")


def test_diagrams_demo_writes_the_committed_pictures(tmp_path):
    """Every picture the diagrams demo makes is committed in diagrams/, as PNG and SVG."""
    run(str(ROOT / "demos" / "diagrams.py"), out_dir=str(tmp_path))
    made = sorted(p.name for p in tmp_path.iterdir())
    assert "221_gradients.png" in made and "221_values.svg" in made
    committed = sorted(p.name for p in (ROOT / "diagrams").iterdir())
    assert made == committed


def test_draw_benchmark_runs():
    out = run(str(ROOT / "benchmarks" / "bench_draw.py"), "--quick")
    assert out.count("draw ") == 6 and "784-128-64-10" in out


def test_tour_prints_the_worked_examples():
    out = run("-m", "neurons", "tour")
    assert "0.9990889488055994" in out
    assert "0.721633" in out
    assert "dL/dw1 = dL/do1 * do1/dh1 * dh1/dw1" in out
    assert "passed at rtol = 1e-06" in out
    assert "PASSED: both paths agree to 1e-12 relative" in out
    assert out.count("Emily 0.967") == 2  # trained on both paths, the same network


def test_command_line_usage():
    done = subprocess.run([sys.executable, "-m", "neurons"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 2 and "usage: python -m neurons tour" in done.stderr


def test_neuron_by_neuron_demo_matches_readme():
    out = run(str(ROOT / "demos" / "neuron_by_neuron.py"))
    readme = (ROOT / "README.md").read_text()
    derivation = out[out.index("dL/dw1 for"):].rstrip()
    assert derivation in readme


def test_slow_path_benchmark_runs():
    """The benchmark must keep working; its timings are read by people, never asserted."""
    out = run(str(ROOT / "benchmarks" / "bench_slow_path.py"), "--quick")
    assert "ratio library / baseline" in out and "library == baseline" in out


def test_fast_path_benchmark_runs():
    out = run(str(ROOT / "benchmarks" / "bench_fast_path.py"), "--quick")
    assert out.count("target <=") == 3 and "factor slow / fast path" in out


def test_two_moons_benchmark_runs():
    out = run(str(ROOT / "benchmarks" / "bench_two_moons.py"), "--quick")
    assert "relu hidden layers" in out and "tanh hidden layers" in out and "target:" in out
