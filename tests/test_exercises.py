"""Exercises and worksheets: every answer recomputed another way, mistakes recognised,
sheets and keys rendered, all reproducible by seed.

The answers come from the stepper; here they are recomputed through forward_trace,
gradients, central differences and a training step on a copy, over 1,000 seeds per kind.
"""

from __future__ import annotations

import copy
import functools
import math
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurons import (
    ArgumentTypeError,
    FileAccessError,
    NeuronsError,
    ParameterError,
    gradient_check,
)
from neurons.exercises import KINDS, MISTAKES, TOLERANCE, exercise, exercises
from neurons.worksheets import worksheet

SEEDS = range(1000)
EPS = 1e-6  # central differences: step
FD_RTOL = 1e-6  # ... and their agreement with the answer (plus FD_ATOL)
FD_ATOL = 1e-9  # losses are O(1): rounding in L / (2 EPS) is about 1e-10


@functools.cache
def drawn(kind: str) -> tuple:
    """The exercises of ``kind`` for every seed of SEEDS, drawn once for the module."""
    return tuple(exercise(kind, seed) for seed in SEEDS)


def bias_name(net, k: str) -> str:
    return next(p for p, (n, i) in net.parameter_slots().items() if n == k and i is None)


def central_difference(net, p: str, x, y, loss: str) -> float:
    value = net.parameters()[p]
    net.set_parameters({p: value + EPS})
    up = net.loss([x], [y], loss)
    net.set_parameters({p: value - EPS})
    down = net.loss([x], [y], loss)
    net.set_parameters({p: value})
    return (up - down) / (2 * EPS)


def agrees(numeric: float, exact: float) -> bool:
    return abs(numeric - exact) <= FD_RTOL * abs(exact) + FD_ATOL


# -- the stored answers, recomputed ---------------------------------------------------------------
def test_forward_answers_are_forward_trace():
    for ex in drawn("forward"):
        assert ex.answer == ex.net.forward_trace(ex.x).a[ex.target], ex


def test_delta_answers_are_the_gradient_of_the_bias_and_central_differences():
    for ex in drawn("delta"):
        b = bias_name(ex.net, ex.target)  # dL/db_k = delta_k
        assert ex.target not in ex.net.outputs
        assert ex.answer == pytest.approx(ex.net.gradients([ex.x], [ex.y], ex.loss)[b],
                                          rel=1e-12, abs=1e-15)
        assert agrees(central_difference(ex.net, b, ex.x, ex.y, ex.loss), ex.answer), ex


def test_gradient_answers_are_gradients_and_central_differences():
    for ex in drawn("gradient"):
        assert ex.answer == pytest.approx(ex.net.gradients([ex.x], [ex.y], ex.loss)[ex.target],
                                          rel=1e-12, abs=1e-15)
        assert agrees(central_difference(ex.net, ex.target, ex.x, ex.y, ex.loss), ex.answer), ex
    for ex in drawn("gradient")[:50]:  # and the library's own check, with its noise estimate
        report = gradient_check(ex.net, [ex.x], [ex.y], ex.loss)
        assert report.passed
        assert agrees(report.numeric[ex.target], ex.answer)


def test_update_answers_are_one_training_step_on_a_copy():
    for ex in drawn("update"):
        net = copy.deepcopy(ex.net)
        net.train([ex.x], [ex.y], epochs=1, batch_size=1, lr=ex.lr, optimizer=ex.optimizer,
                  loss=ex.loss, path="neurons", shuffle=False, progress=False)
        assert ex.answer == pytest.approx(net.parameters()[ex.target], rel=1e-12, abs=1e-15)
        assert ex.net.parameters() != net.parameters()  # the exercise's network is untouched


def test_exercises_are_made_for_hand_work():
    architectures = set()
    for kind in KINDS:
        for ex in drawn(kind):
            numbers = [*ex.net.parameters().values(), *ex.x]
            assert all(round(v, 1) == v and abs(v) <= 2 for v in numbers), ex
            assert abs(ex.answer) >= 1e-3
            assert ex.net.output_activation.name == "sigmoid"
            assert ex.loss in ("mse", "binary_cross_entropy")
            architectures.add(tuple(len(layer) for layer in ex.net.layers))
            if kind == "update":
                old = ex.net.parameters()[ex.target]
                assert ex.lr in (0.1, 0.2, 0.5) and ex.optimizer in ("sgd", "momentum")
                assert not TOLERANCE.accepts(old, ex.answer)  # no update is never right
    assert architectures == {(2, 2, 1), (2, 3, 1), (3, 2, 1), (2, 2, 2), (3, 2, 2)}
    acts = {n.activation.name for ex in drawn("gradient") for n in ex.net.neurons}
    assert acts == {"sigmoid", "tanh", "relu"}


# -- grading ---------------------------------------------------------------------------------------
def test_the_right_answer_and_the_rounded_answer_are_accepted():
    for kind in KINDS:
        for ex in drawn(kind):
            for answer in (ex.answer, float(f"{ex.answer:.4g}"), np.float64(ex.answer)):
                feedback = ex.check(answer)
                assert feedback and feedback.correct and feedback.mistake is None, ex
                assert feedback.message.startswith("Correct")


@given(st.sampled_from(KINDS), st.integers(0, 10**6), st.floats(-1, 1))
def test_the_tolerance_is_a_relative_one_thousandth(kind, seed, u):
    ex = exercise(kind, seed)
    assert ex.tolerance is TOLERANCE and TOLERANCE.relative == 1e-3
    assert ex.check(ex.answer * (1 + 0.99e-3 * u)).correct
    off = ex.check(ex.answer * (1 + math.copysign(1.01e-3, u) * (1 + abs(u))))
    assert not off.correct
    assert "0.001" in ex.question and "4 significant digits" in ex.question


def recognised(ex, wrong: float, name: str) -> bool | None:
    """Check that ``wrong`` is recognised as mistake ``name``; None when the value is
    ambiguous (the answer, or another mistake's value), so nothing can be asked of it."""
    if TOLERANCE.accepts(wrong, ex.answer) or any(
            m.name != name and TOLERANCE.accepts(wrong, m.value) for m in ex.mistakes):
        return None
    feedback = ex.check(wrong)
    assert not feedback.correct and feedback.mistake == name, (ex, name, feedback)
    assert feedback.message.startswith("Not quite.")
    assert name in MISTAKES[ex.kind]
    return True


def count(results) -> int:
    return sum(r is True for r in results)


def test_forward_mistakes_are_recognised():
    signs, zs = [], []
    for ex in drawn("forward"):
        trace = ex.net.forward_trace(ex.x)
        signs.append(recognised(ex, -ex.answer, "sign"))
        zs.append(recognised(ex, trace.z[ex.target], "z_for_a"))
    assert count(signs) == len(SEEDS) and count(zs) > 0.9 * len(SEEDS)
    ex = drawn("forward")[0]
    assert f"That is z_{ex.target}" in ex.check(ex.net.forward_trace(ex.x).z[ex.target]).message
    assert "sign" in ex.check(-ex.answer).message


def test_delta_mistakes_are_recognised():
    results = {"sign": [], "missing_derivative": [], "derivative_at_a": [],
               "derivative_of_z": [], "missing_output_derivative": []}
    for ex in drawn("delta"):
        net, k = ex.net, ex.target
        trace = net.forward_trace(ex.x)
        grads = net.gradients([ex.x], [ex.y], ex.loss)
        deltas = {m.name: grads[bias_name(net, m.name)] for m in net.neurons}  # = dL/db
        backsum = sum(net.weight(k, m) * deltas[m] for m in net.graph.successors(k))
        results["sign"].append(recognised(ex, -ex.answer, "sign"))
        results["missing_derivative"].append(recognised(ex, backsum, "missing_derivative"))
        if net.neuron(k).activation.name == "sigmoid":
            a, z = trace.a[k], trace.z[k]
            s = 1 / (1 + math.exp(-a))
            results["derivative_at_a"].append(recognised(ex, s * (1 - s) * backsum,
                                                         "derivative_at_a"))
            results["derivative_of_z"].append(recognised(ex, z * (1 - z) * backsum,
                                                         "derivative_of_z"))
        if ex.loss == "mse" and len(net.outputs) == 1:
            o = net.outputs[0]  # delta_o without f'(z_o), carried back to k
            a_o = trace.a[o]
            wrong = ex.answer / (a_o * (1 - a_o))
            results["missing_output_derivative"].append(
                recognised(ex, wrong, "missing_output_derivative"))
    assert count(results["sign"]) == len(SEEDS)
    assert count(results["missing_derivative"]) > 0.85 * len(SEEDS)  # not ReLU (f' = 1)
    for name in ("derivative_at_a", "derivative_of_z", "missing_output_derivative"):
        assert count(results[name]) > 0.8 * len(results[name]), name


def test_gradient_mistakes_are_recognised():
    signs, own, zs = [], [], []
    for ex in drawn("gradient"):
        net, p = ex.net, ex.target
        k, i = net.parameter_slot(p)
        trace = net.forward_trace(ex.x)
        grads = net.gradients([ex.x], [ex.y], ex.loss)
        signs.append(recognised(ex, -ex.answer, "sign"))
        closed = ex.loss == "binary_cross_entropy" and k in net.outputs
        fprime = net.neuron(k).activation.derivative(trace.z[k], trace.a[k])
        if not closed and fprime > 0:
            own.append(recognised(ex, ex.answer / fprime, "missing_derivative"))
        j = None if i is None else net.neuron(k).inputs[i]
        if j is not None and j not in net.inputs:
            delta_k = grads[bias_name(net, k)]
            zs.append(recognised(ex, trace.z[j] * delta_k, "z_for_a"))
    assert count(signs) == len(SEEDS)
    assert count(own) > 0.8 * len(own) and count(zs) > 0.8 * len(zs) and len(zs) > 100


def test_update_mistakes_are_recognised():
    results = {"missing_lr": [], "wrong_direction": [], "old_value": [], "step_only": [],
               "mu_for_lr": []}
    for ex in drawn("update"):
        p = ex.target
        w = ex.net.parameters()[p]
        g = ex.net.gradients([ex.x], [ex.y], ex.loss)[p]
        results["missing_lr"].append(recognised(ex, w - g, "missing_lr"))
        results["wrong_direction"].append(recognised(ex, w + ex.lr * g, "wrong_direction"))
        results["old_value"].append(recognised(ex, w, "old_value"))
        results["step_only"].append(recognised(ex, -ex.lr * g, "step_only"))
        if ex.optimizer == "momentum":
            results["mu_for_lr"].append(recognised(ex, w - 0.9 * g, "mu_for_lr"))
        feedback = ex.check(w + ex.lr * g)
        assert "uphill" in feedback.message or not TOLERANCE.accepts(w + ex.lr * g,
                                                                      ex.answer)
    for name in ("missing_lr", "wrong_direction", "old_value", "step_only"):
        assert count(results[name]) > 0.9 * len(SEEDS), name
    assert count(results["mu_for_lr"]) > 0.9 * len(results["mu_for_lr"]) > 200
    ex = drawn("update")[0]
    w = ex.net.parameters()[ex.target]
    g = ex.net.gradients([ex.x], [ex.y], ex.loss)[ex.target]
    assert "learning rate" in ex.check(w - g).message


def test_an_unrecognised_answer_gets_a_hint_without_the_answer():
    for kind in KINDS:
        for ex in drawn(kind)[:200]:
            wrong = ex.answer * 3.7
            if any(TOLERANCE.accepts(wrong, m.value) for m in ex.mistakes):
                continue
            feedback = ex.check(wrong)
            assert not feedback.correct and feedback.mistake is None
            assert "Hint" in feedback.message
            assert ("negative" in feedback.message) == (ex.answer < 0)
            for digits in (3, 4, 6):
                assert f"{abs(ex.answer):#.{digits}g}" not in feedback.message


def test_every_mistake_is_distinct_from_the_answer_and_from_each_other():
    for kind in KINDS:
        for ex in drawn(kind)[:300]:
            values = [m.value for m in ex.mistakes]
            assert not any(TOLERANCE.accepts(v, ex.answer) for v in values)
            for i, v in enumerate(values):
                assert not any(TOLERANCE.accepts(v, u) for u in values[:i])
                assert ex.check(v).mistake == ex.mistakes[i].name


# -- texts -----------------------------------------------------------------------------------------
def test_the_solution_is_the_stepper_up_to_the_asked_quantity():
    for kind in KINDS:
        for ex in drawn(kind)[:50]:
            step = next(s for s in ex.steps if s.value == ex.answer and
                        (s.parameter or s.node) == ex.target and
                        s.kind == {"forward": "forward", "delta": "backward",
                                   "gradient": "gradient", "update": "update"}[kind])
            assert step.text in ex.solution and step.latex in ex.solution_latex
            assert rf"\item $\displaystyle {step.latex}$" in ex.solution_latex
            assert r"\texttt{z" not in ex.solution_latex  # the step's LaTeX has the numbers
            later = [s for s in ex.steps if s.index > step.index]
            assert not any(s.text in ex.solution for s in later)
            if kind in ("gradient", "update"):
                derivation = ex.net.explain(ex.target, ex.x, ex.y, ex.loss)
                assert derivation.to_latex(4) in ex.solution_latex
                assert "Chain rule" in ex.solution
            assert f"{ex.answer:#.4g}" in ex.solution
            assert f"{ex.answer:#.4g}" not in ex.question


def test_the_catalogue_of_mistakes_is_exported_by_exercises():
    from neurons import exercises as module
    from neurons import mistakes

    assert module.MISTAKES is mistakes.MISTAKES and module.Mistake is mistakes.Mistake
    assert {"MISTAKES", "Mistake"} <= set(module.__all__)
    for kind in KINDS:
        ex = drawn(kind)[0]
        assert all(isinstance(m, mistakes.Mistake) for m in ex.mistakes)


def test_exercises_are_reproducible_by_seed():
    for kind in KINDS:
        a, b = exercise(kind, 12345), exercise(kind, 12345)
        assert (a.question, a.answer, a.solution_latex) == (b.question, b.answer,
                                                            b.solution_latex)
    batch = exercises(8, seed=5)
    assert [ex.kind for ex in batch] == [*KINDS, *KINDS]
    assert [ex.question for ex in batch] == [ex.question for ex in exercises(8, seed=5)]
    again = [exercise(ex.kind, ex.seed) for ex in batch]
    assert [ex.answer for ex in again] == [ex.answer for ex in batch]
    assert len({ex.question for ex in exercises(8, seed=6)} | {ex.question for ex in batch}) == 16
    assert [ex.kind for ex in exercises(3, seed=0, kinds="update")] == ["update"] * 3
    fresh = exercise("forward")  # a drawn seed, kept
    assert exercise("forward", fresh.seed).question == fresh.question


def test_drawing_labels_the_weights():
    import matplotlib.pyplot as plt

    ex = drawn("gradient")[0]
    disp = ex.draw()
    labels = {t.get_text() for t in disp.artists["weight_labels"].values()}
    assert "w1=" + f"{ex.net.parameters()['w1']:g}" in labels
    assert len(labels) == sum(1 for p in ex.net.parameters() if p.startswith("w"))
    plt.close(disp.figure)


def test_importing_exercises_does_not_import_matplotlib():
    code = ("import sys, neurons.exercises, neurons.worksheets; "
            "neurons.worksheets.worksheet(2, 0); assert 'matplotlib' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# -- worksheets ------------------------------------------------------------------------------------
def latex_problems(doc: str) -> list[str]:
    """What would keep a LaTeX document from compiling, as far as it can be seen unrun."""
    problems = []
    for part in (r"\documentclass", r"\begin{document}", r"\end{document}"):
        if doc.count(part) != 1:
            problems.append(f"{part} {doc.count(part)} times")
    stack = []
    for m in re.finditer(r"\\(begin|end)\{([^}]*)\}", doc):
        if m.group(1) == "begin":
            stack.append(m.group(2))
        elif not stack or stack.pop() != m.group(2):
            problems.append(f"unmatched \\end{{{m.group(2)}}}")
    problems += [f"unclosed \\begin{{{env}}}" for env in stack]
    plain = re.sub(r"\\[\\{}$&%#_]", "", doc)  # escaped characters, and \\ line breaks
    depth = 0
    for c in plain:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            problems.append("a } before its {")
            depth = 0
    if depth:
        problems.append(f"{depth} unclosed braces")
    if plain.count("$") % 2:
        problems.append("an odd number of $")
    if plain.count(r"\[") != plain.count(r"\]"):
        problems.append(r"\[ without \]")
    if re.search(r"[^\x00-\x7f]", doc):
        problems.append("a character outside ASCII")
    text = re.sub(r"\\\[.*?\\\]|\$[^$]*\$|\\texttt\{(?:[^{}]|\{\})*\}", "",
                  re.sub(r"\\[$_{}]", "", doc), flags=re.S)  # outside math and verbatim
    problems += [f"{c} outside math: {line[:60]}" for line in text.splitlines()
                 for c in "_^" if c in line]
    return problems


def test_worksheet_files(tmp_path):
    ws = worksheet(4, seed=3, path=tmp_path)
    names = {"sheet.md", "sheet.tex", "answers.md", "answers.tex",
             *(f"exercise-{i}.png" for i in range(1, 5))}
    assert set(ws.files) == names == {p.name for p in tmp_path.iterdir()}
    for name in names:
        assert ws.files[name] == tmp_path / name
    for i in range(1, 5):
        assert (tmp_path / f"exercise-{i}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"](exercise-{i}.png)" in ws.sheet_markdown
        assert rf"\includegraphics[width=0.6\linewidth]{{exercise-{i}.png}}" in ws.sheet_latex
    assert (tmp_path / "sheet.md").read_text() == ws.sheet_markdown
    assert (tmp_path / "answers.tex").read_text() == ws.answers_latex


def test_answers_are_in_the_key_and_not_in_the_sheet():
    ws = worksheet(12, seed=8)
    assert [ex.kind for ex in ws.exercises] == [*KINDS] * 3
    for ex in ws.exercises:
        short = f"{ex.answer:#.4g}"
        assert short in ws.answers_markdown and short in ws.answers_latex
        assert short not in ws.sheet_markdown and short not in ws.sheet_latex
        assert ex.question in ws.sheet_markdown and ex.question_latex in ws.sheet_latex
        assert ex.solution in ws.answers_markdown and ex.solution_latex in ws.answers_latex
    for sheet in (ws.sheet_markdown, ws.sheet_latex):
        assert "Answer:" not in sheet and "Worked solution" not in sheet


@pytest.mark.parametrize("seed", range(6))
def test_latex_documents_are_complete(seed):
    ws = worksheet(8, seed=seed)
    for doc in (ws.sheet_latex, ws.answers_latex):
        assert latex_problems(doc) == []
        assert doc.startswith(r"\documentclass") and doc.rstrip().endswith(r"\end{document}")


def test_latex_checker_finds_problems():
    doc = worksheet(1, seed=0).answers_latex
    assert latex_problems(doc.replace(r"\end{enumerate}", "", 1))
    assert latex_problems(doc.replace("}", "", 1))
    assert latex_problems(doc.replace("$", "", 1))
    assert latex_problems(doc.replace(r"\end{document}", ""))
    assert latex_problems(doc.replace("Worked solution", "Worked_solution"))


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_compiles(tmp_path):  # pragma: no cover - only where TeX is installed
    worksheet(4, seed=1, path=tmp_path)
    for name in ("sheet.tex", "answers.tex"):
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name],
                       cwd=tmp_path, check=True, capture_output=True, timeout=120)


def test_same_seed_same_bytes(tmp_path):
    first = worksheet(2, seed=11, kinds=["gradient", "update"], path=tmp_path / "a")
    second = worksheet(2, seed=11, kinds=["gradient", "update"], path=tmp_path / "b")
    for name, path in first.files.items():
        assert path.read_bytes() == second.files[name].read_bytes(), name
    other = worksheet(2, seed=12, kinds=["gradient", "update"])
    assert other.sheet_markdown != first.sheet_markdown


# -- arguments -------------------------------------------------------------------------------------
@pytest.mark.parametrize("call, error, words", [
    (lambda: exercise("backward", 0), ParameterError, "kind must be one of"),
    (lambda: exercise(3, 0), ArgumentTypeError, "kind must be one of"),
    (lambda: exercise("forward", -1), ParameterError, "seed must be at least 0"),
    (lambda: exercise("forward", 1.5), ArgumentTypeError, "seed must be an integer"),
    (lambda: exercises(0, 1), ParameterError, "n must be at least 1"),
    (lambda: exercises(True, 1), ArgumentTypeError, "n must be an integer"),
    (lambda: exercises(2, 1, kinds=[]), ParameterError, "non-empty list of kinds"),
    (lambda: exercises(2, 1, kinds=["forward", "gradients"]), ParameterError,
     "did you mean 'gradient'"),
    (lambda: exercises(2, 1, kinds=5), ArgumentTypeError, "kinds must be a kind or a list"),
    (lambda: drawn("forward")[0].check("0.5"), ArgumentTypeError, "answer must be a number"),
    (lambda: drawn("forward")[0].check(math.nan), ParameterError, "answer must be finite"),
    (lambda: worksheet(2, 1, path=3), ArgumentTypeError, "path must be a file name"),
    (lambda: worksheet(2, "1"), ArgumentTypeError, "seed must be an integer"),
])
def test_arguments_are_checked(call, error, words):
    with pytest.raises(error, match=re.escape(words)) as info:
        call()
    assert isinstance(info.value, NeuronsError)


def test_a_worksheet_path_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "taken").write_text("")
    with pytest.raises(FileAccessError, match="cannot write the worksheet"):
        worksheet(1, 0, path=tmp_path / "taken")
