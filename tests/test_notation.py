"""One writer of numbers and equations: the same derivation factor prints identically in
``net.explain``, ``net.steps`` and an exercise's worked solution, over random networks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurons import notation
from neurons.exercises import TOLERANCE, worked_solution
from tests.strategies import data_for, networks

DIGITS = TOLERANCE.digits  # the exercises' digits: the three texts are compared at them
CASES = {  # loss -> the networks it is tried on (bce: sigmoid outputs, the closed form)
    "mse": dict(activation="mixed"),
    "binary_cross_entropy": dict(activation="mixed", output_activation="sigmoid"),
}


def lines_of(solution: str) -> list[str]:
    """The solution's lines without their indent and their step numbers ("  7. ")."""
    return [re.sub(r"^\s*(\d+\.\s+)?", "", line) for line in solution.splitlines()]


@pytest.mark.parametrize("loss", CASES)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_the_same_factor_prints_identically_in_explain_steps_and_solutions(loss, data):
    net = data.draw(networks(**CASES[loss], max_hidden_layers=2, max_width=4))
    X, Y = data.draw(data_for(net, loss, max_samples=1))
    x, y = X[0], Y[0]
    record = net.steps(x, y, loss, digits=DIGITS)
    step = {(s.kind, s.parameter or s.node): s for s in record}
    slots = net.parameter_slots()
    for neuron in net.neurons:
        k = neuron.name
        p = next(p for p, (owner, _) in slots.items() if owner == k)  # k's first parameter
        derivation = net.explain(p, x, y, loss)
        equations = derivation.delta_equations(DIGITS)
        lines = derivation.delta_lines(DIGITS)
        # explain's delta form, line by line, is the stepper's steps: delta_m for k and
        # every neuron after it, then dL/dp.
        expected = [step["backward", m] for m in derivation.deltas]
        assert sorted(lines[:-1]) == sorted(s.text for s in expected)
        assert lines[-1] == step["gradient", p].text
        by_text = {eq.text: eq for eq in equations}
        for s in [*expected, step["gradient", p]]:
            assert by_text[s.text].latex == s.latex
        # The worked solution repeats each of those lines twice to the letter: once as a
        # step of net.steps, once in net.explain's delta form.
        text, latex = worked_solution(net, x, y, loss, "gradient", p)
        solution = lines_of(text)
        for line in lines:
            assert solution.count(line) == 2, (line, text)
        assert step["gradient", p].latex in latex
        assert equations[-1].aligned() in latex


def test_a_negative_factor_is_in_parentheses_and_a_result_is_not():
    assert notation.product([-2, -0.010732]) == "(-2) * (-0.0107)"
    assert notation.product([0.25, -1.0], latex=True) == r"0.25 \cdot (-1)"
    assert notation.number(-0.010732) == "-0.0107" and notation.factor(0.5) == "0.5"
    eq = notation.weight_gradient("w1", "x1", "h1", -2.0, -0.010732, 0.021464)
    assert eq.text == "dL/dw1 = a_x1 delta_h1 = (-2) * (-0.0107) = 0.0215"
    assert eq.latex.endswith(r"= (-2) \cdot (-0.0107) = 0.0215")


def test_sums_are_cut_alike_in_text_and_latex():
    parts = [f"t{i}" for i in range(9)]
    assert notation.terms(parts, 4) == "t0 + t1 + t2 + ... (6 more)"
    assert notation.terms(parts, 4, latex=True) == r"t0 + t1 + t2 + \dots\ (6\text{ more})"
    assert notation.terms(parts) == " + ".join(parts)
