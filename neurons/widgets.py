"""A notebook explorer: step through backpropagation and move the parameters with sliders.

``explore(net, x, y)`` shows one sample going through ``net`` in Jupyter:

* the diagram (:func:`neurons.draw` with the sample's values and gradients, the chain of
  the selected parameter highlighted);
* a slider and previous/next buttons over :meth:`Network.steps <neurons.Network.steps>`,
  showing each step's equation with its numbers;
* a slider per chosen parameter; moving one sets that parameter **in the network passed**
  (``net.set_parameters``) and updates the outputs, the loss, the table of every
  gradient, the diagram and the derivation of the parameter a dropdown selects.

The sliders change the network you passed, on purpose: the cells below the explorer see
the values the sliders show. Nothing else changes it (making an explorer writes nothing),
and ``explorer.reset()`` puts back every parameter as it was when the explorer was made.
After changing the parameters elsewhere (training the network, say), ``explorer.update()``
reads them again; after changing the wiring, make a new explorer (parameter names follow
the wiring).

Where no kernel runs (a saved notebook shown as a web page), the explorer displays as a
PNG of its diagram as it was when displayed, saved beside the widget view.

ipywidgets is an optional extra: ``pip install -e ".[widgets]"`` in the repository (or
``pip install "ipywidgets>=8.0.5"``). Without it, importing this module raises
:class:`~neurons.errors.MissingDependencyError`; ``import neurons`` never imports it.
"""

from __future__ import annotations

import base64
import copy
import html
import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import losses
from .backprop import forward_trace, gradients, loss_value
from .errors import ArgumentTypeError, MissingDependencyError, NeuronsError
from .explain import explain
from .steps import steps

try:  # ipywidgets is optional: only this module needs it
    import ipywidgets
except ImportError as error:
    raise MissingDependencyError(
        "neurons.widgets needs ipywidgets, which is not installed: pip install -e "
        "\".[widgets]\" in the neurons repository (or pip install \"ipywidgets>=8.0.5\")"
    ) from error

import matplotlib.pyplot as plt

from .drawing import draw

if TYPE_CHECKING:
    from .core import NetworkCore
    from .explain import Derivation
    from .losses import Loss
    from .steps import Step, Steps

__all__ = ["Explorer", "explore"]

# Networks with at most this many parameters get a slider for each by default.
_ALL_SLIDERS = 9
# The gradient table lists every parameter up to this many (then the sliders' only).
_TABLE_ROWS = 30


def explore(net: NetworkCore, x: Any, y: Any, loss: str | Loss = "mse",
            parameters: Sequence[str] | str | None = None, digits: int = 3) -> Explorer:
    """Return an :class:`Explorer` of the sample (``x``, ``y``) through ``net``.

    Parameters
    ----------
    net : Network
        Explored as it is; its parameter sliders change it (see the module).
    x, y : one sample and its target
    loss : str or Loss, default "mse"
    parameters : names, optional
        The parameters that get a slider. By default every parameter of a network with
        at most 9 of them, else the first output neuron's weights and bias.
    digits : int, default 3
        Significant digits of the numbers shown.

    Examples
    --------
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1])
    >>> net.set_parameter_vector([1.0] * 6 + [0.0] * 3)
    >>> explorer = explore(net, [-2, -1], 1)
    >>> len(explorer.steps), list(explorer.parameter_sliders)[:3]
    (16, ['w1', 'w2', 'w3'])
    >>> print(explorer.next().text)
    z_h2 = w3 a_x1 + w4 a_x2 + b2 = 1 * (-2) + 1 * (-1) + 0 = -3;  a_h2 = sigmoid(z_h2) = 0.0474
    >>> explorer.parameter_sliders["w5"].value = 0.5  # sets w5 in net
    >>> net.parameter("w5"), explorer.outputs == {"o1": net.feedforward([-2, -1])[0]}
    (0.5, True)
    >>> explorer.reset()  # every parameter as it was
    >>> net.parameter("w5"), round(explorer.loss, 4)
    (1.0, 0.2269)
    """
    return Explorer(net, x, y, loss, parameters, digits)


class Explorer:
    """The widgets of :func:`explore`, and the numbers they show.

    Numbers (recomputed whenever a slider moves): ``steps`` (:class:`~neurons.steps.Steps`),
    ``step`` (the one shown), ``outputs`` (output name -> value, as ``net.feedforward``),
    ``loss`` (as ``net.loss``), ``gradients`` (as ``net.gradients``), ``derivation``
    (``net.explain`` of the selected parameter) and ``initial`` (every parameter when made).

    Widgets: ``step_slider`` (the step's index), ``previous_button``, ``next_button``,
    ``equation`` (the step's equation), ``parameter_sliders`` (name -> slider),
    ``table`` (outputs, loss, gradients), ``diagram`` (its ``value`` is the PNG's bytes),
    ``derivation_dropdown``, ``derivation_view``; ``widget`` holds them all.
    """

    def __init__(self, net: NetworkCore, x: Any, y: Any, loss: str | Loss = "mse",
                 parameters: Sequence[str] | str | None = None, digits: int = 3) -> None:
        self.net, self.x, self.y = net, copy.deepcopy(x), copy.deepcopy(y)
        self.loss_function = losses.get(loss)
        self.digits = digits
        self.steps: Steps = steps(net, x, y, self.loss_function, digits=digits)  # checks all
        self.initial = net.parameters()
        names = _chosen(net, parameters)
        self.step_slider = ipywidgets.IntSlider(0, min=0, max=len(self.steps) - 1,
                                                description="step")
        self.previous_button = ipywidgets.Button(description="previous", icon="arrow-left")
        self.next_button = ipywidgets.Button(description="next", icon="arrow-right")
        self.equation = ipywidgets.HTMLMath()
        self.parameter_sliders = {name: _slider(name, net.parameter(name)) for name in names}
        self.table = ipywidgets.HTML()
        self.diagram = ipywidgets.Image(format="png")
        self.derivation_dropdown = ipywidgets.Dropdown(
            options=list(self.initial), value=names[0] if names else next(iter(self.initial)),
            description="dL/d")
        self.derivation_view = ipywidgets.HTMLMath()
        self.widget = ipywidgets.VBox([
            ipywidgets.HBox([self.step_slider, self.previous_button, self.next_button]),
            self.equation,
            ipywidgets.HBox([self.diagram,
                             ipywidgets.VBox([*self.parameter_sliders.values(), self.table])]),
            self.derivation_dropdown, self.derivation_view])
        self._holding = False
        self._compute()
        self.step_slider.observe(lambda _: self._show_step(), "value")
        self.previous_button.on_click(lambda _: self.previous())
        self.next_button.on_click(lambda _: self.next())
        for name, slider in self.parameter_sliders.items():
            slider.observe(lambda change, name=name: self._moved(name, change["new"]), "value")
        self.derivation_dropdown.observe(lambda _: self._compute(), "value")

    # -- what a user calls ------------------------------------------------------------------
    @property
    def step(self) -> Step:
        """The step shown."""
        return self.steps[self.step_slider.value]

    def next(self) -> Step:
        """Show the next step (the last one stays) and return it."""
        self.step_slider.value = min(self.step_slider.value + 1, self.step_slider.max)
        return self.step

    def previous(self) -> Step:
        """Show the previous step (the first one stays) and return it."""
        self.step_slider.value = max(self.step_slider.value - 1, 0)
        return self.step

    def update(self) -> None:
        """Read the network again (after changing it elsewhere): sliders and everything shown."""
        self._holding = True  # one recomputation at the end, not one per slider
        try:
            for name, slider in self.parameter_sliders.items():
                value = self.net.parameter(name)
                slider.min, slider.max = min(slider.min, value), max(slider.max, value)
                slider.value = value
        finally:
            self._holding = False
        self._compute()

    def reset(self) -> None:
        """Put back every parameter of the network as it was when the explorer was made."""
        self.net.set_parameters(self.initial)
        self.update()

    # -- keeping the widgets in step with the network -----------------------------------------
    def _moved(self, name: str, value: float) -> None:
        if not self._holding:
            self.net.set_parameters({name: value})
            self._compute()

    def _compute(self) -> None:
        net, x, y, loss = self.net, self.x, self.y, self.loss_function
        self.steps = steps(net, x, y, loss, digits=self.digits)
        self.outputs = dict(zip(net.outputs, forward_trace(net, x).output.tolist()))
        self.loss = loss_value(net, x, y, loss)
        self.gradients = gradients(net, x, y, loss)
        self.derivation: Derivation = explain(net, self.derivation_dropdown.value, x, y, loss)
        self.table.value = self._table()
        self.derivation_view.value = self._derivation()
        self._show_step()  # which draws the diagram

    def _show_step(self) -> None:
        step, i = self.step, self.step_slider.value
        node = "" if step.node is None else f" {step.node}"
        self.equation.value = (
            f"<b>step {i + 1} of {len(self.steps)}</b>: {step.kind}{node}<br>"
            f"$${html.escape(step.latex)}$$<code>{html.escape(step.text)}</code>")
        self.previous_button.disabled = i == 0
        self.next_button.disabled = i == len(self.steps) - 1
        self.diagram.value = self._png()

    def _g(self, value: float) -> str:
        return html.escape(f"{value:.{self.digits}g}")

    def _table(self) -> str:
        targets = self.steps.t.tolist()
        rows = [f"<tr><td>{html.escape(o)}</td><td>{self._g(v)}</td>"
                f"<td>target {self._g(t)}</td></tr>"
                for (o, v), t in zip(self.outputs.items(), targets)]
        rows.append(f"<tr><td>L</td><td>{self._g(self.loss)}</td>"
                    f"<td>{html.escape(self.loss_function.name)}</td></tr>")
        shown = list(self.gradients)
        if len(shown) > _TABLE_ROWS:
            shown = list(self.parameter_sliders)
        selected = self.derivation_dropdown.value
        for p in shown:
            name = f"<b>{p}</b>" if p == selected else p
            rows.append(f"<tr><td>{name}</td><td>{self._g(self.net.parameter(p))}</td>"
                        f"<td>dL/d{p} = {self._g(self.gradients[p])}</td></tr>")
        more = len(self.gradients) - len(shown)
        if more:
            rows.append(f"<tr><td colspan='3'>{more} more in explorer.gradients</td></tr>")
        return f"<table>{''.join(rows)}</table>"

    def _derivation(self) -> str:
        try:
            latex = self.derivation.to_latex(self.digits)
        except NeuronsError as problem:  # e.g. a parameter that reaches no output
            return html.escape(str(problem))
        return f"$${html.escape(latex)}$$"

    def _png(self) -> bytes:
        # A bare Figure, not pyplot: no window opens and no figure is left behind.
        # The network at the current step: what is known so far, the step's nodes and edges
        # highlighted, its equation as the caption (neurons.draw with step=), on the figure
        # draw sizes for it, closed at once so that no figure is left behind.
        fig = draw(self.net, step=self.step).figure
        try:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=72)
            return buffer.getvalue()
        finally:
            plt.close(fig)

    # -- display ---------------------------------------------------------------------------
    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The widget view for a live kernel, and the diagram as PNG for a static page."""
        bundle = dict(self.widget._repr_mimebundle_() or {})
        bundle["text/plain"] = repr(self)
        bundle["image/png"] = base64.b64encode(self.diagram.value).decode("ascii")
        return bundle

    def __repr__(self) -> str:
        sliders = ", ".join(self.parameter_sliders) or "none"
        return (f"<Explorer: step {self.step_slider.value + 1} of {len(self.steps)}, "
                f"loss {self.loss:.{self.digits}g}, sliders {sliders}>")


def _chosen(net: NetworkCore, parameters: Sequence[str] | str | None) -> list[str]:
    """The parameters that get a slider, checked, in the order given, each once."""
    if parameters is None:
        if net.n_parameters <= _ALL_SLIDERS:
            return list(net.parameter_names())
        mine = [(p, i) for p, (k, i) in net.parameter_slots().items() if k == net.outputs[0]]
        parameters = [p for p, i in mine if i is not None][:_ALL_SLIDERS - 1]
        parameters += [p for p, i in mine if i is None]  # its bias
    elif isinstance(parameters, str):
        parameters = [parameters]
    elif not isinstance(parameters, Sequence):
        raise ArgumentTypeError(f"parameters must be a list of parameter names (such as "
                                f"['w5', 'b3']), not {type(parameters).__name__}")
    for name in parameters:
        if not isinstance(name, str):
            raise ArgumentTypeError(f"parameter names are strings, not {name!r}")
        net.parameter(name)  # an unknown name raises, with "did you mean"
    return list(dict.fromkeys(parameters))


def _slider(name: str, value: float) -> ipywidgets.FloatSlider:
    """A slider for one parameter: at least -3..3, wide enough for twice its value."""
    span = float(max(3, math.ceil(2 * abs(value))))
    return ipywidgets.FloatSlider(value, min=-span, max=span, step=0.01, description=name,
                                  continuous_update=False, readout_format=".2f")
