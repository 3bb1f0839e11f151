"""Every demo and the tour run, so none can rot."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMOS = sorted((ROOT / "demos").glob("*.py"))


def run(*args: str) -> str:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_there_are_demos():
    assert DEMOS


@pytest.mark.parametrize("demo", DEMOS, ids=[d.stem for d in DEMOS])
def test_demo_runs(demo):
    assert run(str(demo))


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
