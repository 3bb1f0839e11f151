"""neurons.widgets: the notebook explorer, driven from Python without a browser.

The sliders and buttons are moved by setting ``.value`` and calling ``.click()``, as the
browser would; what the explorer then shows must be exactly what the network gives.
Without ipywidgets only the two import tests run; the rest are skipped.
"""

import base64
import html
import os
import subprocess
import sys
from pathlib import Path

import pytest

from neurons import ArgumentTypeError, DataError, Network, ShapeError, UnknownNameError

from .helpers import classic_221, snapshot

ROOT = Path(__file__).resolve().parent.parent
X, Y = [-2.0, -1.0], 1.0


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


# -- without ipywidgets --------------------------------------------------------------------------
def test_import_neurons_imports_neither_ipywidgets_nor_matplotlib():
    code = ("import sys, neurons; "
            "print([m for m in sys.modules if m in ('ipywidgets', 'matplotlib')])")
    assert run_python(code) == "[]"


def test_without_ipywidgets_the_import_says_how_to_install_the_extra():
    # sys.modules[name] = None makes "import ipywidgets" fail as if it were not installed.
    out = run_python(
        "import sys\n"
        "sys.modules['ipywidgets'] = None\n"
        "import neurons\n"
        "try:\n"
        "    import neurons.widgets\n"
        "except neurons.MissingDependencyError as error:\n"
        "    assert isinstance(error, ImportError)\n"
        "    print(error)\n")
    assert 'pip install -e ".[widgets]"' in out and "ipywidgets" in out


# -- the explorer ----------------------------------------------------------------------------------
@pytest.fixture
def explore():
    pytest.importorskip("ipywidgets")
    from neurons.widgets import explore

    return explore


@pytest.fixture
def net():
    return classic_221(weights=(1,) * 6)  # the worked example: all weights 1, biases 0


def shown(explorer, value) -> str:
    return html.escape(f"{value:.{explorer.digits}g}")


@pytest.mark.parametrize("loss", ["mse", "binary_cross_entropy"])
@pytest.mark.parametrize(("name", "value"), [("w5", 0.5), ("w1", -1.25), ("b3", 2.0)])
def test_a_parameter_slider_sets_the_network_and_everything_shown_follows(
        explore, net, name, value, loss):
    explorer = explore(net, X, Y, loss=loss)
    before_png = explorer.diagram.value
    explorer.parameter_sliders[name].value = value
    expected = classic_221(weights=(1,) * 6)  # a second network, set by hand
    expected.set_parameters({name: value})
    assert net.parameter(name) == value and net.parameters() == expected.parameters()
    assert list(explorer.outputs.values()) == expected.feedforward(X).tolist()
    assert explorer.loss == expected.loss(X, Y, loss)
    assert explorer.gradients == expected.gradients(X, Y, loss)
    assert explorer.derivation.value == expected.explain("w1", X, Y, loss).value
    assert [s.text for s in explorer.steps] == [s.text for s in expected.steps(X, Y, loss)]
    table = explorer.table.value  # the numbers as displayed
    assert shown(explorer, explorer.outputs["o1"]) in table
    assert shown(explorer, explorer.loss) in table
    for p, g in explorer.gradients.items():
        assert f"dL/d{p} = {shown(explorer, g)}" in table
    assert html.escape(expected.explain("w1", X, Y, loss).to_latex(3)) in \
        explorer.derivation_view.value
    assert explorer.diagram.value != before_png


def test_next_and_previous_walk_through_the_steps_and_show_each_equation(explore, net):
    explorer = explore(net, X, Y)
    steps = net.steps(X, Y)
    assert len(explorer.steps) == len(steps) == 16
    assert explorer.previous_button.disabled and not explorer.next_button.disabled
    seen = [explorer.step]
    for _ in range(len(steps) + 2):  # past the end: the last step stays
        seen.append(explorer.next())
    assert [s.text for s in seen[:16]] == [s.text for s in steps]
    assert seen[16].index == seen[17].index == 15 and explorer.next_button.disabled
    for i, step in enumerate(steps):
        explorer.step_slider.value = i
        assert explorer.step.text == step.text
        assert html.escape(step.latex) in explorer.equation.value
        assert html.escape(step.text) in explorer.equation.value
        assert f"step {i + 1} of 16" in explorer.equation.value
    explorer.previous_button.click()  # the buttons, as a browser presses them
    assert explorer.step_slider.value == 14
    explorer.next_button.click()
    assert explorer.step_slider.value == 15
    explorer.step_slider.value = 0
    assert explorer.previous().index == 0 and explorer.previous_button.disabled


def test_the_step_stays_while_a_parameter_moves(explore, net):
    explorer = explore(net, X, Y)
    explorer.step_slider.value = 7
    explorer.parameter_sliders["w6"].value = -0.5
    assert explorer.step.text == net.steps(X, Y)[7].text
    assert html.escape(explorer.step.latex) in explorer.equation.value


def test_the_dropdown_selects_the_derivation_and_the_highlighted_chain(explore, net):
    explorer = explore(net, X, Y)
    assert explorer.derivation_dropdown.value == "w1"
    assert explorer.derivation_dropdown.options == tuple(net.parameters())
    explorer.derivation_dropdown.value = "b3"
    assert explorer.derivation.parameter == "b3"
    assert html.escape(net.explain("b3", X, Y).to_latex(3)) in explorer.derivation_view.value
    assert "<b>b3</b>" in explorer.table.value


def test_the_static_fallback_is_the_diagram_as_png(explore, net):
    from IPython.core.formatters import DisplayFormatter

    explorer = explore(net, X, Y)
    data, _ = DisplayFormatter().format(explorer)  # what IPython puts in the notebook
    png = base64.b64decode(data["image/png"])  # as notebooks store it
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png == explorer.diagram.value
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == \
        explorer.widget.model_id
    assert data["text/plain"] == repr(explorer) == (
        "<Explorer: step 1 of 16, loss 0.227, sliders w1, w2, w3, w4, w5, w6, b1, b2, b3>")


def test_making_an_explorer_changes_nothing_and_reset_puts_everything_back(explore, net):
    before = snapshot(net)
    explorer = explore(net, X, Y)
    assert snapshot(net) == before
    for name, slider in explorer.parameter_sliders.items():
        slider.value = 0.37 if name.startswith("w") else -0.2
    assert snapshot(net) != before
    explorer.reset()
    assert snapshot(net) == before
    assert all(s.value == net.parameter(p) for p, s in explorer.parameter_sliders.items())
    assert explorer.gradients == net.gradients(X, Y)


def test_update_reads_a_network_changed_elsewhere(explore, net):
    explorer = explore(net, X, Y)
    net.set_parameters({"w5": 12.5, "b1": -0.75})  # beyond the w5 slider's range
    explorer.update()
    assert explorer.parameter_sliders["w5"].value == 12.5
    assert explorer.parameter_sliders["w5"].max >= 12.5
    assert explorer.parameter_sliders["b1"].value == -0.75
    assert net.parameter("w5") == 12.5  # reading the network wrote nothing back
    assert explorer.gradients == net.gradients(X, Y)


def test_which_parameters_get_a_slider(explore, net):
    assert list(explore(net, X, Y).parameter_sliders) == list(net.parameters())
    assert list(explore(net, X, Y, parameters=["w6", "w5", "w6"]).parameter_sliders) == \
        ["w6", "w5"]
    assert list(explore(net, X, Y, parameters="b3").parameter_sliders) == ["b3"]
    wide = Network.dense([3, 12, 2], seed=0)  # 74 parameters: the first output's
    explorer = explore(wide, [0.1, 0.2, 0.3], [0.0, 1.0])
    assert list(explorer.parameter_sliders) == [f"w{i}" for i in range(37, 45)] + ["b13"]
    assert "65 more in explorer.gradients" in explorer.table.value


def test_mistakes_are_refused_before_any_widget_is_made(explore, net):
    with pytest.raises(UnknownNameError, match="did you mean 'w5'"):
        explore(net, X, Y, parameters=["W5"])
    with pytest.raises(ArgumentTypeError, match="parameter names are strings"):
        explore(net, X, Y, parameters=[5])
    with pytest.raises(ArgumentTypeError, match="list of parameter names"):
        explore(net, X, Y, parameters={"w5"})
    with pytest.raises(ShapeError):
        explore(net, [1.0, 2.0, 3.0], Y)
    with pytest.raises(DataError):
        explore(net, [float("nan"), 1.0], Y)
    with pytest.raises(UnknownNameError):
        explore(net, X, Y, loss="msq")


def test_the_demo_runs_as_a_notebook_and_shows_the_explorer(explore):
    """jupytext reads the percent format; nbclient runs it in a real kernel."""
    jupytext = pytest.importorskip("jupytext")
    nbclient = pytest.importorskip("nbclient")
    notebook = jupytext.read(ROOT / "demos" / "explorer.py")
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code"
               for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"
                or out.get("name") == "stderr"]
    data = [out.get("data", {}) for out in outputs]
    assert any("image/png" in d and "application/vnd.jupyter.widget-view+json" in d
               for d in data)
    text = "".join(out.get("text", "") for out in outputs)
    assert "dL/da_o1 = 2 (y_pred - y) / (n_samples n_outputs) = -0.953" in text
    assert "w5 = 0.5: y_pred = 0.518, loss = 0.233, dL/dw1 = 0.0109" in text
    assert "w5 = 1.0: y_pred = 0.524, loss = 0.227, dL/dw1 = 0.0215" in text
