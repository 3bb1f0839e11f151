"""Exercises on a tiny 1-D convolution: a shared kernel weight's gradient ("shared") and
max pooling's routing ("maxpool").

Every answer is recomputed by the library (gradients, input_gradients) and by central
differences; the recognised mistakes are recomputed on other networks: the same one with
every use of a shared parameter untied into weights of their own (each use's share is
then a gradient of its own), and with the max neuron replaced by a fixed neuron whose
constant weights send its delta elsewhere (every input, 1/n each, or one loser) and
whose constant bias keeps z as it was.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pytest

from neurons import Network, UnknownNameError
from neurons.exercises import (
    ALL_KINDS,
    CONV_KINDS,
    KINDS,
    MISTAKES,
    TOLERANCE,
    exercise,
    exercises,
    worked_solution,
)
from neurons.mistakes import gradient_terms
from neurons.worksheets import worksheet
from tests.test_exercises import latex_problems

SEEDS = range(80)
EPS = 1e-6


@functools.cache
def drawn(kind: str) -> tuple:
    """The exercises of ``kind`` for every seed of SEEDS, drawn once for the module."""
    return tuple(exercise(kind, seed) for seed in SEEDS)


def every():
    return [ex for kind in CONV_KINDS for ex in drawn(kind)]


def is_input(ex) -> bool:
    return ex.target in ex.net.inputs


def library_value(net, target: str, x, y, loss: str) -> float:
    """dL/dtarget as the library computes it: gradients, or input_gradients for an input."""
    if target in net.inputs:
        return float(net.input_gradients([x], [y], loss)[0, net.inputs.index(target)])
    return net.gradients([x], [y], loss)[target]


def central_difference(ex) -> float:
    if is_input(ex):
        i = ex.net.inputs.index(ex.target)
        up, down = list(ex.x), list(ex.x)
        up[i] += EPS
        down[i] -= EPS
        return (ex.net.loss([up], [ex.y], ex.loss) - ex.net.loss([down], [ex.y], ex.loss)) / (
            2 * EPS)
    value = ex.net.parameters()[ex.target]
    ex.net.set_parameters({ex.target: value + EPS})
    up = ex.net.loss([ex.x], [ex.y], ex.loss)
    ex.net.set_parameters({ex.target: value - EPS})
    down = ex.net.loss([ex.x], [ex.y], ex.loss)
    ex.net.set_parameters({ex.target: value})
    return (up - down) / (2 * EPS)


def rebuilt(ex, routing: dict[str, float] | None = None) -> Network:
    """``ex.net`` with every weight and bias a number of its neuron's own (shared parameters
    untied), and with ``routing`` the max neuron replaced by a fixed neuron of constant
    weights ``routing[j]`` (0 where absent) and a constant bias that keeps z_max."""
    net, trace = ex.net, ex.net.forward_trace(ex.x)
    copy = Network()
    for j in net.inputs:
        copy.add_input(j)
    for n in net.forward_order():
        if n.kind == "max":
            if routing is None:
                copy.add_pooling_neuron(n.name, list(n.inputs))
                continue
            weights = [routing.get(j, 0.0) for j in n.inputs]
            rest = trace.z[n.name] - sum(w * trace.a[j] for w, j in zip(weights, n.inputs))
            copy.add_neuron(n.name, dict(zip(n.inputs, weights)), bias=rest,
                            activation=n.activation.name, fixed=True)
        else:
            copy.add_neuron(n.name, dict(zip(n.inputs, n.weights.tolist())),
                            bias=n.bias if n.has_bias else None, activation=n.activation.name)
    assert copy.forward_trace(ex.x).z == pytest.approx(trace.z, rel=1e-12, abs=1e-15)
    return copy


def shares(ex, copy: Network) -> list[float]:
    """Each use's share of dL/dtarget, from the rebuilt network: its own weight's (or
    bias's) gradient, or for an input w_jk delta_k summed by input_gradients per reader."""
    grads = copy.gradients([ex.x], [ex.y], ex.loss)
    names = {slot: p for p, slot in copy.parameter_slots().items()}
    return [grads[names[place]] for place in ex.net.parameter_uses(ex.target)]


def rebuilt_value(ex, copy: Network) -> float:
    """dL/dtarget on the rebuilt network: the sum of the untied uses, or dL/dx_j."""
    if is_input(ex):
        return library_value(copy, ex.target, ex.x, ex.y, ex.loss)
    return sum(shares(ex, copy))


def pooled(ex) -> tuple[str, ...]:
    return ex.net.neuron("p1").inputs


def winner(ex) -> str:
    a = ex.net.forward_trace(ex.x).a
    return max(pooled(ex), key=a.__getitem__)


def recognised(ex, wrong: float, name: str) -> bool | None:
    """Check that ``wrong`` is recognised as mistake ``name``; None when it is ambiguous
    (the answer, or another mistake's value), so nothing can be asked of it."""
    if abs(wrong) < 1e-12 * abs(ex.answer):  # zero but for rounding: the library's 0
        wrong = 0.0
    if TOLERANCE.accepts(wrong, ex.answer) or any(
            m.name != name and TOLERANCE.accepts(wrong, m.value) for m in ex.mistakes):
        return None
    feedback = ex.check(wrong)
    assert not feedback.correct and feedback.mistake == name, (ex, name, wrong, feedback)
    assert feedback.message.startswith("Not quite.")
    assert name in MISTAKES[ex.kind]
    return True


def count(results) -> int:
    return sum(r is True for r in results)


# -- the answers, recomputed -----------------------------------------------------------------------
def test_answers_are_the_librarys_gradients_and_central_differences():
    for ex in every():
        exact = library_value(ex.net, ex.target, ex.x, ex.y, ex.loss)
        assert ex.answer == pytest.approx(exact, rel=1e-12, abs=1e-15), ex
        numeric = central_difference(ex)
        assert abs(numeric - ex.answer) <= 1e-6 * abs(ex.answer) + 1e-9, ex


def test_a_shared_gradient_is_the_sum_of_its_untied_uses():
    for ex in drawn("shared"):
        parts = shares(ex, rebuilt(ex))
        assert len(parts) == len(ex.net.parameter_uses(ex.target)) >= 2
        assert sum(parts) == pytest.approx(ex.answer, rel=1e-12, abs=1e-15)
        terms = gradient_terms(ex.net, ex.steps, ex.target)
        assert [t.value for t in terms] == pytest.approx(parts, rel=1e-12, abs=1e-15)


def test_max_pooling_sends_the_delta_to_the_winner_only():
    for ex in drawn("maxpool"):
        # max pooling is a fixed neuron with weight 1 on the winner and 0 elsewhere
        one_hot = rebuilt(ex, {winner(ex): 1.0})
        assert rebuilt_value(ex, one_hot) == pytest.approx(ex.answer, rel=1e-12, abs=1e-15)
        assert rebuilt_value(ex, rebuilt(ex)) == pytest.approx(ex.answer, rel=1e-12, abs=1e-15)


# -- well posed, for hand work ------------------------------------------------------------------
def test_exercises_are_made_for_hand_work():
    seen = {kind: set() for kind in CONV_KINDS}
    for ex in every():
        net = ex.net
        numbers = [*net.parameters().values(), *ex.x]
        assert all(round(v, 1) == v and abs(v) <= 2 for v in numbers), ex
        assert abs(ex.answer) >= 1e-3
        assert ex.loss in ("mse", "binary_cross_entropy") and ex.y in ((0.0,), (1.0,))
        assert net.output_activation.name == "sigmoid" and net.outputs == ["o1"]
        trace = net.forward_trace(ex.x)
        convs = net.layers[1]
        act = net.neuron(convs[0]).activation
        for h in convs:
            if act.name != "sigmoid":
                assert abs(trace.z[h]) >= 0.1  # no kink, no cancellation
            if act.name != "relu":
                assert act.derivative(trace.z[h], trace.a[h]) >= 0.05  # not saturated
        assert len(net.inputs) in (3, 4, 5) and 2 <= len(convs) <= 4
        for h in convs:  # a 1-D convolution: consecutive windows of the inputs
            i = int(h[1:])
            width = len(net.neuron(h).inputs)
            assert net.neuron(h).inputs == tuple(net.inputs[i - 1:i - 1 + width])
        if ex.kind == "shared":
            parts = [t.value for t in gradient_terms(net, ex.steps, ex.target)]
            size = sum(map(abs, parts))
            assert all(abs(p) >= 0.05 * size for p in parts)  # every use matters
            assert abs(sum(parts)) >= 0.15 * size  # no near cancellation
            assert ex.target in net.shared_parameters.names
            seen["shared"].add((len(net.inputs), width, act.name, ex.target[0]))
        else:
            a = sorted(trace.a[h] for h in pooled(ex))
            assert a[-1] - a[-2] >= 0.1  # a clear winner: no tie
            kind = ("input" if is_input(ex) else
                    "shared" if ex.target in net.shared_parameters.names else "own")
            if kind == "input":  # read by the winner and by another pooled neuron
                readers = list(net.graph.successors(ex.target))
                assert winner(ex) in readers and len(readers) == 2
            else:
                assert winner(ex) in {k for k, _ in net.parameter_uses(ex.target)}
            seen["maxpool"].add((kind, act.name, len(pooled(ex))))
    shapes = {(n, w) for n, w, _, _ in seen["shared"]}
    assert shapes == {(4, 2), (4, 3), (5, 3)}
    assert {act for _, _, act, _ in seen["shared"]} == {"sigmoid", "tanh", "relu"}
    assert {p for _, _, _, p in seen["shared"]} == {"k", "c"}
    assert {kind for kind, _, _ in seen["maxpool"]} == {"input", "own", "shared"}
    assert {n for _, _, n in seen["maxpool"]} == {2, 3, 4}
    assert {act for _, act, _ in seen["maxpool"]} == {"sigmoid", "tanh", "relu"}


def test_exercises_are_reproducible_by_seed():
    for kind in CONV_KINDS:
        a, b = exercise(kind, 4321), exercise(kind, 4321)
        assert (a.question, a.answer, a.solution_latex, a.mistakes) == (
            b.question, b.answer, b.solution_latex, b.mistakes)
        again = exercise(kind, drawn(kind)[7].seed)
        assert again.question == drawn(kind)[7].question
        assert len({ex.question for ex in drawn(kind)}) == len(SEEDS)
    batch = exercises(4, seed=9, kinds=CONV_KINDS)
    assert [ex.kind for ex in batch] == [*CONV_KINDS, *CONV_KINDS]
    assert [ex.answer for ex in batch] == [exercise(ex.kind, ex.seed).answer for ex in batch]
    assert [ex.kind for ex in exercises(4, seed=9)] == list(KINDS)  # the default: dense
    assert ALL_KINDS == KINDS + CONV_KINDS


# -- grading -------------------------------------------------------------------------------------
def test_the_right_answer_and_the_rounded_answer_are_accepted():
    for ex in every():
        for answer in (ex.answer, float(f"{ex.answer:.4g}"), np.float64(ex.answer)):
            feedback = ex.check(answer)
            assert feedback.correct and feedback.mistake is None, ex
            assert feedback.message == f"Correct: {ex.quantity} = {ex.answer:.6g}."
        assert not ex.check(ex.answer * 1.0011).correct


def test_every_mistake_is_named_distinct_and_recognised():
    for ex in every():
        values = [m.value for m in ex.mistakes]
        assert not any(TOLERANCE.accepts(v, ex.answer) for v in values)
        for i, m in enumerate(ex.mistakes):
            assert not any(TOLERANCE.accepts(m.value, u) for u in values[:i])
            assert m.name in MISTAKES[ex.kind]
            feedback = ex.check(m.value)
            assert (feedback.correct, feedback.mistake) == (False, m.name)
            assert feedback.message == f"Not quite. {m.message}"
            assert f"{abs(ex.answer):#.4g}" not in feedback.message  # never the answer
        order = [MISTAKES[ex.kind].index(m.name) for m in ex.mistakes]
        assert order == sorted(order)


def test_one_use_only_and_the_uses_not_summed_are_recognised():
    results = {"sign": [], "one_use": [], "mean_of_uses": [], "missing_use": []}
    for ex in drawn("shared"):
        parts = shares(ex, rebuilt(ex))
        n = len(parts)
        uses = ex.net.parameter_uses(ex.target)
        results["sign"].append(recognised(ex, -ex.answer, "sign"))
        for i, ((k, slot), part) in enumerate(zip(uses, parts), 1):
            results["one_use"].append(recognised(ex, part, "one_use"))
            message = ex.check(part).message
            j = "bias of " + k if slot is None else f"{ex.net.neuron(k).inputs[slot]} -> {k}"
            assert f"(use {i} of {n}, {j})" in message  # names which use
            results["missing_use"].append(recognised(ex, ex.answer - part, "missing_use"))
        results["mean_of_uses"].append(recognised(ex, ex.answer / n, "mean_of_uses"))
    assert count(results["sign"]) == count(results["mean_of_uses"]) == len(SEEDS)
    assert count(results["one_use"]) == len(results["one_use"])  # the last use's too
    assert count(results["missing_use"]) > 0.5 * len(results["missing_use"])


def test_the_uses_own_factors_done_wrong_are_recognised():
    named = {"missing_derivative": [], "missing_input": [], "same_source": []}
    for ex in drawn("shared"):
        copy = rebuilt(ex)
        trace = copy.forward_trace(ex.x)
        uses = ex.net.parameter_uses(ex.target)
        parts = shares(ex, copy)
        fprime = [copy.neuron(k).activation.derivative(trace.z[k], trace.a[k]) for k, _ in uses]
        if copy.neuron(uses[0][0]).activation.name != "relu":
            named["missing_derivative"].append(recognised(
                ex, sum(p / f for p, f in zip(parts, fprime)), "missing_derivative"))
        if uses[0][1] is not None:  # a kernel weight: a_j delta_k per use
            sources = [ex.net.neuron(k).inputs[i] for k, i in uses]
            deltas = [p / trace.a[j] for p, j in zip(parts, sources)]
            named["missing_input"].append(recognised(ex, sum(deltas), "missing_input"))
            named["same_source"].append(recognised(
                ex, trace.a[sources[0]] * sum(deltas), "same_source"))
    for name, results in named.items():
        assert count(results) > 0.75 * len(results) and len(results) > 20, name


def test_the_delta_of_a_max_sent_elsewhere_is_recognised():
    results = {"routed_to_all": [], "averaged": [], "wrong_winner": []}
    for ex in drawn("maxpool"):
        inputs, a = pooled(ex), ex.net.forward_trace(ex.x).a
        n = len(inputs)
        every_input = rebuilt_value(ex, rebuilt(ex, dict.fromkeys(inputs, 1.0)))
        through = {t.neuron for t in gradient_terms(ex.net, ex.steps, ex.target)}
        if len(through & set(inputs)) > 1:  # else every input is the winner's answer
            results["routed_to_all"].append(recognised(ex, every_input, "routed_to_all"))
        else:
            assert ex.check(every_input).correct
        averaged = rebuilt_value(ex, rebuilt(ex, dict.fromkeys(inputs, 1.0 / n)))
        results["averaged"].append(recognised(ex, averaged, "averaged"))
        assert f"1/{n}" in ex.check(averaged).message
        smallest = min(inputs, key=a.__getitem__)
        wrong = rebuilt_value(ex, rebuilt(ex, {smallest: 1.0}))
        results["wrong_winner"].append(recognised(ex, wrong, "wrong_winner"))
        message = ex.check(wrong).message
        assert winner(ex) in message
        if smallest in through:
            assert f"went to {smallest}, the smallest input of the max" in message
        else:  # the smallest reaches nothing asked: 0, "had another input won"
            assert wrong == 0 and "had another input" in message
    for name, found in results.items():
        assert count(found) > 0.9 * len(found) and len(found) > 30, name


def test_an_input_gradient_taken_as_a_weight_gradient_is_recognised():
    results = []
    for ex in drawn("maxpool"):
        if is_input(ex):
            deltas = ex.steps.delta
            wrong = sum(ex.x[ex.net.inputs.index(ex.target)] * deltas[k]
                        for k in ex.net.graph.successors(ex.target))
            results.append(recognised(ex, wrong, "input_for_weight"))
    assert count(results) > 0.75 * len(results) > 20


def test_an_unrecognised_answer_gets_a_hint_without_the_answer():
    for ex in every()[::4]:
        wrong = ex.answer * 3.7
        if any(TOLERANCE.accepts(wrong, m.value) for m in ex.mistakes):
            continue
        feedback = ex.check(wrong)
        assert not feedback.correct and feedback.mistake is None and "Hint" in feedback.message
        assert ("negative" in feedback.message) == (ex.answer < 0)


# -- texts ---------------------------------------------------------------------------------------
def numbered(solution: str) -> list[str]:
    """The numbered lines of a worked solution, without their numbers."""
    return [m.group(1) for m in re.finditer(r"^\s*\d+\. (.*)$", solution, re.M)]


def test_the_solution_is_the_steppers_and_explains_lines():
    for ex in every()[::2]:
        texts = {s.text: s for s in ex.steps}
        lines = numbered(ex.solution)
        derivation = ex.net.explain(ex.target, ex.x, ex.y, ex.loss)
        explained = derivation.delta_lines(TOLERANCE.digits)
        if is_input(ex):  # no step gives dL/dx_j: explain's equation ends the steps
            assert lines[-1] == explained[-1] and lines[-1] not in texts
            lines = lines[:-1]
        for line in lines:
            assert line in texts, (ex, line)
            assert rf"\item $\displaystyle {texts[line].latex}$" in ex.solution_latex
        for line in explained:  # each line of explain: once a step, once explain's
            assert [re.sub(r"^\s*(\d+\.\s+)?", "", x) for x in ex.solution.splitlines()
                    ].count(line) == 2, (ex, line)
        asked = [s for s in ex.steps if s.kind == "gradient" and s.parameter == ex.target]
        for s in asked:  # each use's step and the sum
            assert s.text in lines
        if asked:
            assert lines[-1] == asked[-1].text and asked[-1].value == ex.answer
        deltas = {s.node for s in ex.steps if s.kind == "backward" and s.text in lines}
        assert {t.neuron for t in gradient_terms(ex.net, ex.steps, ex.target)} <= deltas
        assert f"Answer: {ex.quantity} = {ex.answer:#.4g}" in ex.solution
        assert derivation.to_latex(TOLERANCE.digits) in ex.solution_latex
        assert f"{ex.answer:#.4g}" not in ex.question


def test_the_question_states_the_network_once():
    for ex in every()[::5]:
        q, net = ex.question, ex.net
        for p in net.shared_parameters.names:  # stated once, after the neurons
            assert q.count(f"{p} = {net.parameters()[p]:g}") == 1
        for p in net.parameter_slots():  # the network's own, each with its neuron
            assert q.count(f"{p} = {net.parameters()[p]:g}") == 1
        for h in net.layers[1]:
            assert f"- {h}: a_{h} = " in q
        if ex.kind == "maxpool":
            assert f"- p1: a_p1 = max({', '.join('a_' + h for h in pooled(ex))})" in q
            assert "identity" not in q
        assert f"Compute dL/d{ex.target}" in q
        assert q.startswith("A small convolutional network (inputs x1..")


def test_worked_solution_gives_the_exercises_solution():
    for ex in (drawn("shared")[0], drawn("maxpool")[0], drawn("maxpool")[1]):
        assert worked_solution(ex.net, ex.x, ex.y, ex.loss, ex.kind, ex.target) == (
            ex.solution, ex.solution_latex)
    ex = drawn("maxpool")[0]
    with pytest.raises(UnknownNameError, match="parameter or input named 'x9'"):
        worked_solution(ex.net, ex.x, ex.y, ex.loss, "maxpool", "x9")
    with pytest.raises(UnknownNameError, match="no parameter or input: 'q'"):
        gradient_terms(ex.net, ex.steps, "q")


def test_worksheets_take_the_new_kinds():
    ws = worksheet(2, seed=4, kinds=CONV_KINDS)
    assert [ex.kind for ex in ws.exercises] == list(CONV_KINDS)
    assert "Exercise 1: a shared kernel weight's gradient" in ws.sheet_markdown
    assert "Exercise 2: a gradient through max pooling" in ws.sheet_latex
    for ex in ws.exercises:
        short = f"{ex.answer:#.4g}"
        assert short in ws.answers_markdown and short in ws.answers_latex
        assert short not in ws.sheet_markdown and short not in ws.sheet_latex
        assert ex.question_latex in ws.sheet_latex and ex.solution in ws.answers_markdown
    for doc in (ws.sheet_latex, ws.answers_latex):
        assert latex_problems(doc) == []


def test_the_picture_names_the_shared_parameters_and_the_pool():
    import matplotlib.pyplot as plt

    ex = next(ex for ex in drawn("maxpool") if ex.net.shared_parameters.names)
    disp = ex.draw()  # what Worksheet.write saves for each exercise
    labels = {t.get_text() for t in disp.artists["weight_labels"].values()}
    texts = {t.get_text() for t in disp.figure.findobj(plt.Text)}
    assert f"w1={ex.net.parameters()['w1']:g}" in labels
    assert any(t.startswith("k1 = ") for t in texts) and "max" in texts
    plt.close(disp.figure)
