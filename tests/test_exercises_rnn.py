"""Exercises on backpropagation through time ("bptt"): dL/dw_hh_1_1 of a 1-1-1 Elman network
unrolled over 3 or 4 steps, the output at the last step or at each.

Every answer is checked against the per-neuron path (``net.gradients``), the vectorized path
(``net.compile().gradients``), a five-point central difference, and the textbook's recursion
written here in plain Python, h_t = f(w_xh x_t + w_hh h_(t-1) + b_h) forward and
delta_t = f'(z_t) (w_hy delta_o_t + w_hh delta_(t+1)) back, whose terms h_(t-1) delta_t add
up to the gradient. The recognised mistakes are recomputed from that recursion too, each
with one step done wrong.
"""

from __future__ import annotations

import math
import re

import pytest

from neurons import UnknownNameError
from neurons.core import new_network
from neurons.exercises import (
    ALL_KINDS,
    CONV_KINDS,
    EVERY_KIND,
    KINDS,
    MISTAKES,
    RNN_KINDS,
    TOLERANCE,
    check_kinds,
    exercise,
    exercises,
    worked_solution,
)
from neurons.mistakes import gradient_terms
from neurons.recurrence import Recurrence
from neurons.worksheets import worksheet
from tests.test_exercises import latex_problems

SEEDS = range(200)
TARGET = "w_hh_1_1"
# Always there (generation rejects the numbers that would take one of them away), and tanh
# adds f'(z) left out.
REQUIRED = ("sign", "last_step_only", "recurrent_factor_left_out", "sum_forgotten",
            "missing_factor_2")


_DRAWN: list = []


def drawn(n: int = len(SEEDS)) -> tuple:
    """The exercises of the first ``n`` seeds of SEEDS, each drawn once for the module (the
    texts' tests take the first few: a pytest-xdist worker that runs only those draws only
    those)."""
    while len(_DRAWN) < n:
        _DRAWN.append(exercise("bptt", SEEDS[len(_DRAWN)]))
    return tuple(_DRAWN[:n])


def recurrence(ex):
    return ex.net.recurrences[0]


def is_tanh(ex) -> bool:
    return ex.net.neuron("h1_1").activation.name == "tanh"


def textbook(ex) -> dict:
    """BPTT by the textbook's recursion, in plain Python (nothing of the library but the
    parameters' values and the recurrence's sizes): the hidden states, each step's delta
    and own output part, the answer, and the values of the recognised mistakes, each with
    one step done wrong."""
    p, r = ex.net.parameters(), recurrence(ex)
    u, w, v, b, c = (p[n] for n in ("w_xh_1_1", "w_hh_1_1", "w_hy_1_1", "b_h_1", "b_y_1"))
    f = math.tanh if is_tanh(ex) else (lambda z: z)
    T, out_steps = r.steps, r.output_steps
    h, z = [0.0], [0.0]  # h_0 = 0
    for t in range(1, T + 1):
        z.append(u * ex.x[t - 1] + w * h[t - 1] + b)
        h.append(f(z[t]))
    fp = [1 - a * a if is_tanh(ex) else 1.0 for a in h]  # f'(z_t) from a_t
    dL_do = {s: 2 * (v * h[s] + c - y) / len(out_steps) for s, y in zip(out_steps, ex.y)}
    own = [fp[t] * v * dL_do.get(t, 0.0) for t in range(T + 1)]  # the step's own outputs
    delta = [0.0] * (T + 2)
    for t in range(T, 0, -1):
        delta[t] = own[t] + fp[t] * w * delta[t + 1]
    steps_used = range(2, T + 1)  # step 1 reads h_0 = 0: no term
    terms = [h[t - 1] * delta[t] for t in steps_used]
    answer = sum(terms)
    # Carried back without the recurrent factor w_hh f'(z): the later steps' own parts added.
    carried = [sum(own[t:T + 1]) for t in range(T + 1)]
    return {
        "h": h, "delta": delta, "terms": terms, "answer": answer,
        "sign": -answer,
        "last_step_only": terms[-1],
        "recurrent_factor_left_out": sum(h[t - 1] * carried[t] for t in steps_used),
        "sum_forgotten": terms[0],
        # each delta_t without its own f'(z_t): dL/da_t = w_hy delta_o_t + w_hh delta_(t+1)
        "missing_derivative": sum(h[t - 1] * delta[t] / fp[t] for t in steps_used),
        "missing_factor_2": answer / 2,
        "missing_input": sum(delta[t] for t in steps_used),
    }


def central_difference(ex, eps: float = 1e-4) -> float:
    """dL/dw_hh by the five-point stencil: its error is of order eps^4, about 1e-11 here,
    where the three-point one's reaches 6e-10 to 9e-10 (eps 1e-6 to 1e-5) over these seeds,
    too close to the 1e-9 asked of it."""
    w = ex.net.parameters()[TARGET]

    def loss(shift: float) -> float:
        ex.net.set_parameters({TARGET: w + shift})
        return ex.net.loss([ex.x], [ex.y], ex.loss)

    try:
        return (loss(-2 * eps) - 8 * loss(-eps) + 8 * loss(eps) - loss(2 * eps)) / (12 * eps)
    finally:
        ex.net.set_parameters({TARGET: w})


def mistake(ex, name: str):
    return next(m for m in ex.mistakes if m.name == name)


# -- the answer ----------------------------------------------------------------------------------
def test_the_answer_is_the_gradient_of_both_paths_and_of_central_differences():
    for ex in drawn():
        before = ex.net.parameters()
        per_neuron = ex.net.gradients([ex.x], [ex.y], ex.loss)[TARGET]
        assert ex.answer == per_neuron, ex
        assert ex.net.compile().gradients([ex.x], [ex.y], ex.loss)[TARGET] == pytest.approx(
            ex.answer, rel=1e-12, abs=1e-15)
        assert abs(central_difference(ex) - ex.answer) <= 1e-9, ex
        assert ex.net.parameters() == before  # the difference's shifts undone


def test_the_answer_is_the_sum_over_time_of_each_steps_term():
    for ex in drawn():
        book = textbook(ex)
        assert book["answer"] == pytest.approx(ex.answer, rel=1e-12, abs=1e-15)
        terms = gradient_terms(ex.net, ex.steps, TARGET)
        assert [t.neuron for t in terms] == [f"h{t}_1" for t in range(2, recurrence(ex).steps + 1)]
        assert [t.source for t in terms] == [f"h{t}_1" for t in range(1, recurrence(ex).steps)]
        assert [t.value for t in terms] == pytest.approx(book["terms"], rel=1e-12, abs=1e-15)


# -- well posed, for hand work ------------------------------------------------------------------
def test_exercises_are_made_for_hand_work():
    seen = set()
    for ex in drawn():
        r, net = recurrence(ex), ex.net
        assert (r.n_inputs, r.n_hidden, r.n_outputs) == (1, 1, 1) and ex.target == TARGET
        assert r.steps in (3, 4) and (r.outputs == "last" or r.steps == 3)
        assert len(ex.y) == len(r.output_steps) and ex.loss == "mse"
        assert net.neuron(net.outputs[0]).activation.name == "identity"
        for value in (*net.parameters().values(), *ex.x, *ex.y):
            assert round(value, 1) == value and abs(value) <= 1.5, ex
        assert 0 < abs(net.parameters()[TARGET]) <= 1.2 and all(abs(x) <= 1 for x in ex.x)
        assert 1e-3 <= abs(ex.answer) <= 3
        trace = net.forward_trace(ex.x)
        assert all(0.1 <= abs(z) <= 3 for z in trace.z.values())
        size = sum(abs(t) for t in textbook(ex)["terms"])
        assert all(abs(t) >= 0.05 * size for t in textbook(ex)["terms"])  # every step matters
        assert abs(ex.answer) >= 0.15 * size  # no near cancellation
        seen.add((r.steps, r.outputs, net.neuron("h1_1").activation.name))
    assert seen == {(T, out, f) for T, out in ((3, "last"), (4, "last"), (3, "each"))
                    for f in ("tanh", "identity")}


def test_the_kind_is_opt_in_and_reproducible():
    assert RNN_KINDS == ("bptt",) and "bptt" in EVERY_KIND and "bptt" not in ALL_KINDS + KINDS
    assert EVERY_KIND == KINDS + CONV_KINDS + RNN_KINDS  # appended: the seeds are kept
    assert check_kinds(None) == KINDS and check_kinds("bptt") == ("bptt",)
    assert [ex.kind for ex in exercises(4, seed=9)] == list(KINDS)
    batch = exercises(3, seed=9, kinds=["gradient", "bptt"])
    assert [ex.kind for ex in batch] == ["gradient", "bptt", "gradient"]
    a, b = exercise("bptt", 4321), exercise("bptt", 4321)
    assert (a.question, a.answer, a.solution_latex, a.mistakes) == (
        b.question, b.answer, b.solution_latex, b.mistakes)
    assert len({ex.question for ex in drawn()}) == len(SEEDS)
    assert repr(drawn(4)[3]) == "<Exercise bptt seed=3: dL/dw_hh_1_1 on a 1-1-1 RNN over 3 steps>"


# -- grading -------------------------------------------------------------------------------------
def test_the_right_answer_and_the_rounded_answer_are_accepted():
    for ex in drawn(60):
        for answer in (ex.answer, float(f"{ex.answer:.4g}")):
            feedback = ex.check(answer)
            assert feedback.correct and feedback.mistake is None
            assert feedback.message == f"Correct: dL/dw_hh_1_1 = {ex.answer:.6g}."
        assert not ex.check(ex.answer * 1.0011).correct


def test_the_mistakes_are_distinct_and_each_recognised_with_its_feedback():
    for ex in drawn():
        values = [m.value for m in ex.mistakes]
        names = [m.name for m in ex.mistakes]
        required = REQUIRED + (("missing_derivative",) if is_tanh(ex) else ())
        assert set(required) <= set(names), ex
        assert not any(TOLERANCE.accepts(v, ex.answer) for v in values)
        for i, m in enumerate(ex.mistakes):
            assert not any(TOLERANCE.accepts(m.value, u) for u in values[:i]), ex
            assert not any(TOLERANCE.accepts(u, m.value) for u in values[:i]), ex
            assert m.name in MISTAKES["bptt"]
            feedback = ex.check(m.value)
            assert (feedback.correct, feedback.mistake) == (False, m.name)
            assert feedback.message == f"Not quite. {m.message}"
            assert f"{abs(ex.answer):#.4g}" not in feedback.message  # never the answer
        order = [MISTAKES["bptt"].index(name) for name in names]
        assert order == sorted(order)


def test_each_mistake_is_the_textbook_recursion_with_one_step_done_wrong():
    for ex in drawn():
        book = textbook(ex)
        for m in ex.mistakes:
            if m.name in book:
                assert m.value == pytest.approx(book[m.name], rel=1e-12, abs=1e-15), (ex, m.name)
        for name in (*REQUIRED, "missing_derivative"):
            if name == "missing_derivative" and not is_tanh(ex):
                continue
            rounded = float(f"{book[name]:.4g}")  # as a student would give it
            assert ex.check(rounded).mistake == name, (ex, name)
        if recurrence(ex).outputs == "last":  # the brief's reading: every term takes delta_T
            h, delta, T = book["h"], book["delta"], recurrence(ex).steps
            assert mistake(ex, "recurrent_factor_left_out").value == pytest.approx(
                sum(h[t - 1] for t in range(2, T + 1)) * delta[T], rel=1e-12)


def test_the_feedback_names_the_step_that_went_wrong():
    ex = drawn(4)[3]  # 3 steps, the output at the last
    r = recurrence(ex)
    assert (r.steps, r.outputs) == (3, "last")
    last = ex.check(mistake(ex, "last_step_only").value).message
    assert "last step's term only, step 3: a_h2_1 delta_h3_1" in last
    assert "dL/dw_hh_1_1 = a_h1_1 delta_h2_1 + a_h2_1 delta_h3_1" in last
    factor = ex.check(mistake(ex, "recurrent_factor_left_out").value).message
    assert "without the factor w_hh_1_1 f'(z)" in factor
    assert "every term took the last step's delta_h3_1" in factor
    assert "delta_h2_1 = f'(z_h2_1) (w_hh_1_1 delta_h3_1)" in factor
    forgotten = ex.check(mistake(ex, "sum_forgotten").value).message
    assert "step 2's term only" in forgotten and "adds up the paths" in forgotten
    each = next(ex for ex in drawn(60) if recurrence(ex).outputs == "each")
    factor = each.check(mistake(each, "recurrent_factor_left_out").value)
    assert factor.mistake == "recurrent_factor_left_out"  # with an output at each step:
    assert "last step's delta" not in factor.message  # no single delta taken for all
    assert "(w_hy_1_1 delta_o2_1 + w_hh_1_1 delta_h3_1)" in factor.message


def test_an_unrecognised_answer_gets_a_hint_without_the_answer():
    for ex in drawn(60)[::2]:
        wrong = ex.answer * 3.7
        if any(TOLERANCE.accepts(wrong, m.value) for m in ex.mistakes):
            continue
        feedback = ex.check(wrong)
        assert not feedback.correct and feedback.mistake is None and "Hint" in feedback.message
        assert ("negative" in feedback.message) == (ex.answer < 0)


# -- texts ---------------------------------------------------------------------------------------
def test_the_question_names_the_steps_and_the_weight():
    for ex in drawn(60)[::2]:
        q, r, values = ex.question, recurrence(ex), ex.net.parameters()
        steps = ", ".join(str(t) for t in range(1, r.steps + 1))
        assert q.startswith(f"A recurrent network unrolled over {r.steps} time steps t = {steps} "
                            "(1 input, 1 hidden neuron and 1 output a step; ")
        assert ("the output at the last step only" in q) == (r.outputs == "last")
        assert "Compute dL/dw_hh_1_1, the gradient of the loss with respect to the recurrent " \
               "weight w_hh_1_1,\nby backpropagation through time over the " \
               f"{r.steps} steps, for this sequence." in q
        for p, value in values.items():  # shared across time: stated once
            assert q.count(f"{p} = {value:g}") == 1
        assert "h_0 = 0" in q
        for t in range(1, r.steps + 1):
            recurrent = f" + w_hh_1_1 a_h{t - 1}_1" if t > 1 else ""
            assert f"- h{t}_1: a_h{t}_1 = " in q
            assert f"(w_xh_1_1 x{t}_1{recurrent} + b_h_1)," in q
            assert f"x{t}_1 = {ex.x[t - 1]:g}" in q
        for o in ex.net.outputs:
            assert f"- {o}: a_{o} = identity(w_hy_1_1 a_h{o[1:]} + b_y_1)," in q
        assert f"{ex.answer:#.4g}" not in q and f"{abs(ex.answer):#.4g}" not in q


def numbered(solution: str) -> list[str]:
    """The numbered lines of a worked solution, without their numbers."""
    return [m.group(1) for m in re.finditer(r"^\s*\d+\. (.*)$", solution, re.M)]


def test_the_solution_is_the_steppers_and_the_sum_over_time():
    for ex in drawn(60)[::2]:
        r, T = recurrence(ex), recurrence(ex).steps
        texts = {s.text for s in ex.steps}
        lines = numbered(ex.solution)
        assert all(line in texts for line in lines)
        asked = [s for s in ex.steps if s.kind == "gradient" and s.parameter == TARGET]
        assert [s.text for s in asked] == [line for line in lines if "dL/dw_hh_1_1" in line]
        assert lines[-1] == asked[-1].text and asked[-1].value == ex.answer
        assert f"Answer: dL/dw_hh_1_1 = {ex.answer:#.4g}" in ex.solution
        through = ex.solution[ex.solution.index("Summed over time:"):
                              ex.solution.index("The chain rule")].splitlines()
        steps = ", ".join(str(t) for t in range(2, T + 1))
        assert through[0].startswith(f"Summed over time: w_hh_1_1 is used once at each step "
                                     f"t = {steps} (step 1 reads h_0 = 0)")
        symbols = " + ".join(f"a_h{t - 1}_1 delta_h{t}_1" for t in range(2, T + 1))
        assert through[1] == f"dL/dw_hh_1_1 = {symbols}."
        assert through[-2].startswith(f"    dL/dw_hh_1_1 = {symbols} = ")
        assert through[-2].endswith(f" = {ex.answer:.4g}")
        carried = [line.strip() for line in through if line.startswith("    delta_")]
        assert [line.split(" = ")[0] for line in carried] == [
            f"delta_h{t}_1" for t in range(T - 1, 1, -1)]
        for line, t in zip(carried, range(T - 1, 1, -1)):
            assert line.endswith(f" = {ex.steps.delta[f'h{t}_1']:.4g}")
            if r.outputs == "last":  # the product of T - t recurrent factors, from delta_T
                factors = " ".join(f"(w_hh_1_1 f'(z_h{s}_1))" for s in range(t, T))
                assert line.startswith(f"delta_h{t}_1 = {factors} delta_h{T}_1 = ")
            else:
                assert line.startswith(f"delta_h{t}_1 = f'(z_h{t}_1) w_hy_1_1 delta_o{t}_1 + "
                                       f"(w_hh_1_1 f'(z_h{t}_1)) delta_h{t + 1}_1 = ")
        derivation = ex.net.explain(TARGET, ex.x, ex.y, ex.loss)
        assert derivation.to_latex(TOLERANCE.digits) in ex.solution_latex
        assert r"\begin{aligned}" in ex.solution_latex


def test_worked_solution_gives_the_exercises_solution():
    for ex in drawn(6):
        assert worked_solution(ex.net, ex.x, ex.y, ex.loss, "bptt", TARGET) == (
            ex.solution, ex.solution_latex)
    ex = drawn(1)[0]
    with pytest.raises(UnknownNameError, match="no parameter named 'w_hh_9_9'"):
        worked_solution(ex.net, ex.x, ex.y, ex.loss, "bptt", "w_hh_9_9")
    # Another parameter of the network: its gradient, without a sum over time of w_hh's.
    text, _ = worked_solution(ex.net, ex.x, ex.y, ex.loss, "bptt", "w_xh_1_1")
    assert "Summed over time" not in text and "Answer: dL/dw_xh_1_1 = " in text
    # Truncated backpropagation: the deltas stop short of the last step's, so no sum of
    # deltas carried back from it is written.
    cut = new_network()
    cut.add_recurrence(Recurrence.elman(1, 1, 1, 4, "last", truncate=1), W_xh=[[0.5]],
                       W_hh=[[-0.8]], W_hy=[[1.2]], b_h=[0.1], b_y=[0.0])
    text, _ = worked_solution(cut, [1, -0.5, 0.3, 0.2], [0.4], "mse", "bptt", TARGET)
    assert "Summed over time" not in text and "Answer: dL/dw_hh_1_1 = " in text


def test_a_worksheet_with_the_kind_renders():
    ws = worksheet(3, seed=5, kinds=["bptt", "gradient"])
    assert [ex.kind for ex in ws.exercises] == ["bptt", "gradient", "bptt"]
    assert "## Exercise 1: backpropagation through time" in ws.sheet_markdown
    assert r"\subsection*{Exercise 3: backpropagation through time}" in ws.sheet_latex
    for ex in ws.exercises:
        short = f"{ex.answer:#.4g}"
        assert short in ws.answers_markdown and short in ws.answers_latex
        assert short not in ws.sheet_markdown and short not in ws.sheet_latex
        assert ex.question in ws.sheet_markdown and ex.question_latex in ws.sheet_latex
        assert ex.solution in ws.answers_markdown and ex.solution_latex in ws.answers_latex
    assert r"\partial L / \partial \mathrm{w\_hh\_1\_1} = " in ws.answers_latex
    for doc in (ws.sheet_latex, ws.answers_latex):
        assert latex_problems(doc) == []
