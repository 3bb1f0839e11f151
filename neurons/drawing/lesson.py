"""The lesson page: one sample's backpropagation, step by step, in one self-contained HTML file.

``lesson(net, x, y, lr=0.5)`` writes every step of ``net.steps(x, y, lr=0.5)`` into one
page that opens from ``file://`` in any browser and asks nothing of the network (no
kernel, no request: no font, script or picture from anywhere else):

* the diagram of each frame, as inline SVG drawn by the same code as
  ``draw(net, step=s)`` and :func:`~neurons.drawing.animate.animate_backprop`'s GIF
  (:class:`~neurons.drawing.animate.BackpropFrames`), with a text alternative that says
  what the step shows, which neurons and edges it touches and the values it adds;
* the frame's equations as MathML (drawn by the browser as mathematics) and as plain text;
* where the step stands: forward pass, loss, backward pass or update, written and marked
  by a shape (an arrow's direction), never by colour alone;
* a table of the network's numbers known after the frame (each input's a; each neuron's
  z, a, dL/da and delta; each parameter's value, dL/dp and new value), "–" for what is
  not known yet, what the frame found marked in bold and by a "▸";
* a slider, First / Previous / Next / Last buttons, and the keys ← → Home End.

A small network has one frame per step; a larger one (more than 40 steps:
``AUTO_STEPS`` in :mod:`neurons.drawing.animate`) one frame per layer's run of steps, as
the animation groups them (``per=``).

The page is built only through :mod:`neurons.pages`: every name, number and sentence goes
in escaped (:func:`~neurons.pages.text`) or as JSON data (:func:`~neurons.pages.data_script`),
and the page's policy runs its one script and nothing else. A network whose neuron is
named ``<img src=x onerror=alert(1)>`` shows that name as text and runs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .. import notation, optimizers, pages
from ..checks import check_count, check_number, check_path
from ..errors import ArgumentTypeError, FileAccessError
from ..steps import Known, Step, Steps
from .animate import BackpropFrames
from .steps import step_view
from .svg import inline_svg

__all__ = ["Lesson", "lesson"]

# The phases a frame belongs to (a gradient step is part of the backward pass), in order,
# with their names and the shape that marks them besides the words: an arrow the way the
# pass goes, a diamond for the loss, a square for the update.
_PHASE_OF = {"forward": "forward", "loss": "loss", "backward": "backward",
             "gradient": "backward", "update": "update"}
PHASES = {"forward": ("Forward pass", "→"), "loss": ("Loss", "◆"),
          "backward": ("Backward pass", "←"), "update": ("Update", "■")}
UNKNOWN = "–"  # a table cell whose value a later step finds
_MAX_SHOWN = 8  # the most input values the description writes out


class Lesson(NamedTuple):
    """What :func:`lesson` wrote.

    Attributes
    ----------
    path : Path
        The HTML file.
    steps : Steps
        The steps of the sample (``net.steps(x, y, loss, lr=lr, optimizer=optimizer)``).
    frames : list of tuple of int
        The indices of the steps each frame of the page shows, in order (one per position
        of the slider).
    """

    path: Path
    steps: Steps
    frames: list[tuple[int, ...]]


def lesson(net: Any, x: Any, y: Any, loss: Any = "mse", *, path: str | Path = "lesson.html",
           lr: float | None = None, optimizer: Any = "sgd", per: str = "auto",
           title: str | None = None, scale: float = 1.0,
           max_neurons: int | None = 8) -> Lesson:
    """Write a self-contained HTML page that walks through one sample's backpropagation.

    Every step of ``net.steps(x, y, loss, lr=lr, optimizer=optimizer)`` (or every layer's
    run of steps) gets a frame: its diagram (the drawing of ``draw(net, step=s)``, as
    inline SVG with a text alternative), its equations (MathML, and as text), and the
    network's numbers known after it in a table. A slider, buttons and the arrow keys move
    between the frames. The page needs no server, kernel or network: it opens from
    ``file://``, and its policy lets no request leave it.

    Parameters
    ----------
    net : Network
        Not changed (the update steps only show the new values).
    x, y : one sample and its target
    loss : str or Loss, default "mse"
    path : str or Path, default "lesson.html"
        Where to write the page (its folder is created if needed). Written last, once
        everything else has been checked and drawn: a bad argument leaves no file.
    lr : float, optional
        Add the update steps of one training step with ``optimizer``.
    optimizer : str or Optimizer, default "sgd"
    per : {"auto", "step", "layer"}, default "auto"
        One frame per step, or per run of steps of one phase in one layer, as
        :func:`~neurons.drawing.animate.animate_backprop` groups them. "auto": per step
        up to 40 steps (its ``AUTO_STEPS``), per layer beyond.
    title : str, optional
        The page's title; by default "Backpropagation step by step: a 2-2-1 network".
    scale : float, default 1.0
        The diagram's scale, as for :func:`~neurons.drawing.network.draw`.
    max_neurons : int or None, default 8
        As for :func:`~neurons.drawing.network.draw`: larger layers are drawn elided.

    Returns
    -------
    Lesson
        ``(path, steps, frames)``.

    Raises
    ------
    ArgumentTypeError
        For a ``path`` that is no file name, or a ``title`` that is no string.
    ParameterError
        For an unknown ``per``, a ``scale`` that is not positive or a ``max_neurons``
        below 1.
    FileAccessError
        When ``path`` is a folder or cannot be written.
    NeuronsError
        ``net.steps``'s own errors for the sample, the loss, ``lr`` and ``optimizer``.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> from neurons import Network
    >>> net = Network.dense([2, 2, 1])
    >>> net.set_parameter_vector([1.0] * 6 + [0.0] * 3)
    >>> folder = tempfile.mkdtemp()
    >>> page = lesson(net, [-2, -1], 1, path=Path(folder) / "steps.html")
    >>> page.frames[:4]
    [(0,), (1,), (2,), (3,)]
    >>> html = page.path.read_text(encoding="utf-8")
    >>> html.count('<section class="frame"'), "<math" in html, "https://" in html
    (16, True, False)
    >>> shutil.rmtree(folder)
    """
    target = check_path(path, "path")
    if target.is_dir():
        raise FileAccessError("cannot write the lesson: it is a folder; give a file name "
                              "such as 'lesson.html'", str(target))
    if title is not None and not isinstance(title, str):
        raise ArgumentTypeError(f"title must be a string or None, not "
                                f"{type(title).__name__} {title!r}")
    scale = check_number(scale, "scale", positive=True)
    max_neurons = check_count(max_neurons, "max_neurons", allow_none=True)
    shown = BackpropFrames(net, x, y, loss, lr=lr, optimizer=optimizer, per=per, scale=scale,
                           max_neurons=max_neurons)
    try:
        body, data = _body(net, shown)
    finally:
        shown.close()
    record = shown.steps
    title = title if title is not None else (
        f"Backpropagation step by step: a {_sizes(net)} network")
    description = _description(net, record, optimizer, lr)
    body = (f"<header>\n<h1>{pages.text(title)}</h1>\n"
            f'<p class="lede">{pages.text(description)}</p>\n'
            f"{_HOW}\n</header>\n{body}\n"
            f'<script type="application/json" id="lesson-data">{pages.data_script(data)}'
            "</script>")
    document = pages.page(title, body, script=SCRIPT, style=STYLE,
                          description=description)
    return Lesson(pages.write_page(target, document), record,
                  [tuple(s.index for s in run) for run in shown.runs])


# -- the parts of the page -----------------------------------------------------------------------
_HOW = ('<p class="note">Move through the steps with the slider, the buttons, or the keys '
        "← and → (Home and End go to the first and the last step). Each step shows the "
        "diagram once the step is done (what it touches on a yellow halo), its equations, "
        "and below them every number known so far.</p>")


def _body(net: Any, shown: BackpropFrames) -> tuple[str, dict[str, Any]]:
    """The controls, every frame and the table of numbers; and the page's data."""
    record, runs = shown.steps, shown.runs
    disp = shown.display
    pic = disp.picture
    nodes = [*net.inputs, *record.trace.z]  # the neurons in forward order
    index = {n: i for i, n in enumerate(nodes)}
    # The neurons of each role, in the order the diagram draws them (draw_nodes: pic.kept).
    drawn = {role: [index[n] for n in pic.kept if pic.role[n] == role]
             for role in disp.artists["nodes"]}
    for role, dots in disp.artists["nodes"].items():
        dots.set_gid(f"nodes-{role}")  # the SVG says which group holds which neurons
    knowns = [record.known(run[-1].index) for run in runs]
    sections = []
    for k, run in enumerate(runs):
        shown.show(k)
        lit = disp.artists["step_nodes"]
        for role, halo in lit["artists"].items():
            halo.set_gid(f"halo-{role}")
        view = step_view(net, run)
        added = _added(knowns[k - 1] if k else record.known(-1), knowns[k])
        label = _alternative(_heading(view.heading), lit["nodes"],
                             disp.artists["step_edges"]["edges"], added)
        svg = inline_svg(disp.figure, label, ids=f"f{k}-")
        sections.append(_frame(k, run, _heading(view.heading), svg))
    table, cells = _numbers(net, record, knowns)
    data = {"nodes": nodes, "drawn": drawn, "cells": cells,
            "frames": [[s.index for s in run] for run in runs]}
    return "\n".join([_controls(runs, len(record)), *sections, table]), data


def _controls(runs: Sequence[tuple[Step, ...]], total: int) -> str:
    """The slider, the buttons, and the phases (each a button to its first frame)."""
    last = len(runs) - 1
    phases = []
    for phase, (name, mark) in PHASES.items():
        where = [k for k, run in enumerate(runs) if _PHASE_OF[run[0].kind] == phase]
        if not where:
            continue  # no update without lr
        first, end = runs[where[0]][0].index + 1, runs[where[-1]][-1].index + 1
        span = f"step {first}" if first == end else f"steps {first}–{end}"
        phases.append(
            f'<li><button type="button" class="phase" data-phase="{phase}" '
            f'data-frame="{where[0]}"><span class="mark" aria-hidden="true">{mark}</span> '
            f'{pages.text(name)} <span class="span">({span})</span></button></li>')
    unit = "step" if all(len(run) == 1 for run in runs) else "frame"
    return (
        '<nav class="controls" aria-label="Steps">\n'
        '<div class="buttons">'
        '<button type="button" id="first" aria-keyshortcuts="Home">« First</button>'
        '<button type="button" id="previous" aria-keyshortcuts="ArrowLeft">‹ Previous</button>'
        '<button type="button" id="next" aria-keyshortcuts="ArrowRight">Next ›</button>'
        '<button type="button" id="last" aria-keyshortcuts="End">Last »</button></div>\n'
        f'<div class="slider"><label for="step">{unit.capitalize()}</label>'
        f'<input type="range" id="step" min="0" max="{last}" step="1" value="0">'
        f'<output id="where" for="step">1 of {len(runs)}</output></div>\n'
        f'<ol class="phases" aria-label="The phases of the {total} steps">'
        f'{"".join(phases)}</ol>\n</nav>\n'
        '<p id="status" class="visually-hidden" aria-live="polite"></p>\n'
        '<p class="zoom"><button type="button" id="zoom" aria-pressed="false">'
        "Enlarge the diagram</button></p>")


def _frame(k: int, run: tuple[Step, ...], heading: str, svg: str) -> str:
    """One frame: its heading (with the phase's mark), its diagram, its equations."""
    phase = _PHASE_OF[run[0].kind]
    equations = "\n".join(
        f'<div class="equation" data-step="{s.index}">'
        f'<div class="math">{pages.mathml(s.latex)}</div>'
        f'<p class="text-equation">{pages.text(s.text)}</p></div>' for s in run)
    return (f'<section class="frame" id="frame-{k}" data-phase="{phase}"'
            f'{"" if k == 0 else " hidden"} aria-labelledby="frame-{k}-heading">\n'
            f'<h2 id="frame-{k}-heading"><span class="mark" aria-hidden="true">'
            f'{PHASES[phase][1]}</span> <span class="heading">{pages.text(heading)}</span></h2>\n'
            f'<figure class="diagram">{svg}</figure>\n'
            f'<div class="equations">\n{equations}\n</div>\n</section>')


def _numbers(net: Any, record: Steps, knowns: Sequence[Known]) -> tuple[str, list[list[Any]]]:
    """The tables of the numbers known after each frame: the markup (names and the values
    known from the start written in; a cell per value found later) and, for those cells,
    ``[text, frame]``: the value and the first frame that knows it."""
    digits = record.digits
    cells: list[list[Any]] = []

    def since(get: Callable[[Known], dict[str, float]], key: str) -> int | None:
        return next((k for k, known in enumerate(knowns) if key in get(known)), None)

    def cell(value: float | None, frame: int | None) -> str:
        if value is None or frame is None:
            return "<td></td>"  # no such value (an input has no z)
        cells.append([notation.number(value, digits), frame])
        return f'<td data-cell="{len(cells) - 1}">{UNKNOWN}</td>'

    rows = []
    for j in net.inputs:
        rows.append(f'<tr>{_row_name(j, "input")}<td></td>'
                    f"<td>{pages.text(notation.number(record.trace.a[j], digits))}</td>"
                    "<td></td><td></td></tr>")
    for n in record.trace.z:
        delta_from = since(lambda known: known.delta, n)
        output = n in record.dL_da
        dL_da = record.dL_da[n] if output else record.delta_factors[n][0]
        rows.append(
            f'<tr>{_row_name(n, "output" if output else "hidden")}'
            + cell(record.trace.z[n], since(lambda known: known.z, n))
            + cell(record.trace.a[n], since(lambda known: known.a, n))
            + cell(dL_da, since(lambda known: known.dL_da, n) if output else delta_from)
            + cell(record.delta[n], delta_from) + "</tr>")
    neurons = ('<table class="neurons"><caption>Neurons</caption><thead><tr>'
               '<th scope="col">Name</th><th scope="col">z</th>'
               '<th scope="col">a</th><th scope="col">dL/da</th><th scope="col">δ</th>'
               f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    updates = bool(record.updated)
    rows = []
    for p, value in zip(net.parameter_names(), net.parameter_vector().tolist()):
        rows.append(
            f'<tr><th scope="row">{pages.text(p)}</th><td class="where">'
            f"{pages.text(_where(net, p))}</td>"
            f"<td>{pages.text(notation.number(value, digits))}</td>"
            + cell(record.gradients.get(p), since(lambda known: known.gradients, p))
            + (cell(record.updated.get(p), since(lambda known: known.updated, p))
               if updates else "") + "</tr>")
    parameters = ('<table class="parameters"><caption>Parameters</caption><thead><tr>'
                  '<th scope="col">Name</th><th scope="col">Where</th>'
                  '<th scope="col">Value</th><th scope="col">dL/dp</th>'
                  + ('<th scope="col">New value</th>' if updates else "")
                  + f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    loss = ('<table class="loss"><caption>Loss</caption><tbody><tr>'
            f'<th scope="row">L ({pages.text(record.loss.name)})</th>'
            + cell(record.value, since(lambda known: {"": 0.0} if known.loss is not None
                                       else {}, "")) + "</tr></tbody></table>")
    return ('<section class="numbers" aria-labelledby="numbers-heading">\n'
            '<h2 id="numbers-heading">The numbers known after this step</h2>\n'
            f'<p class="note">A dash ({UNKNOWN}): not known yet. <span class="new">▸ Bold'
            "</span>: found by this step. The dL/da of a hidden neuron is the sum in its "
            "delta.</p>\n"
            f'<div class="tables">{loss}{neurons}{parameters}</div>\n</section>'), cells


def _row_name(name: str, role: str) -> str:
    """A neuron's row header: its name, and its role in smaller letters."""
    return (f'<th scope="row"><span class="name">{pages.text(name)}</span> '
            f'<span class="role">{role}</span></th>')


def _where(net: Any, p: str) -> str:
    """Which edge or bias a parameter is: "x1 → h1", "bias of h1", or its number of uses."""
    uses = net.parameter_uses(p)
    if len(uses) != 1:
        return f"shared, {len(uses)} uses"
    n, i = uses[0]
    return f"bias of {n}" if i is None else f"{net.neuron(n).inputs[i]} → {n}"


def _added(before: Known, after: Known) -> list[str]:
    """The values known after a frame and not before it, as ``name = value`` (for the
    figure's text alternative)."""
    parts = []
    for symbol, get in (("z_", lambda known: known.z), ("a_", lambda known: known.a),
                        ("dL/da_", lambda known: known.dL_da),
                        ("delta_", lambda known: known.delta),
                        ("dL/d", lambda known: known.gradients),
                        ("new ", lambda known: known.updated)):
        old = get(before)
        parts += [f"{symbol}{key} = {notation.number(value)}"
                  for key, value in get(after).items() if key not in old]
    if after.loss is not None and before.loss is None:
        parts.append(f"L = {notation.number(after.loss)}")
    return parts


def _alternative(heading: str, nodes: Sequence[str], edges: Sequence[tuple[str, str]],
                 added: Sequence[str]) -> str:
    """The diagram's text alternative: the heading, what is on the halo, what was found."""
    parts = [f"Diagram. {heading}."]
    if nodes:
        parts.append(f"Highlighted: {', '.join(nodes)}.")
    if edges:
        parts.append(f"Highlighted edges: {', '.join(f'{u} → {v}' for u, v in edges)}.")
    if added:
        parts.append(f"Found: {'; '.join(added)}.")
    return " ".join(parts)


def _heading(heading: str) -> str:
    """The diagram's heading with single spaces around its dots."""
    return " · ".join(part.strip() for part in heading.split("·"))


def _sizes(net: Any) -> str:
    return "-".join(str(len(layer)) for layer in net.layers)


def _description(net: Any, record: Steps, optimizer: Any, lr: float | None) -> str:
    """One sentence: the network, the sample, the target, the loss (and the update)."""
    def vector(values: Sequence[float]) -> str:
        shown = [notation.number(v, notation.STATED) for v in values[:_MAX_SHOWN]]
        if len(values) > _MAX_SHOWN:
            shown.append(f"… {len(values)} values")
        return shown[0] if len(values) == 1 else f"({', '.join(shown)})"

    neurons = len(record.trace.z)
    text = (f"One sample through a {_sizes(net)} network ({len(net.inputs)} inputs, "
            f"{neurons} neurons, {len(net.parameter_names())} parameters): "
            f"x = {vector(record.x.tolist())}, target y = {vector(record.t.tolist())}, "
            f"loss {record.loss.name}; {len(record)} steps")
    if lr is not None:
        text += (f", the last ones one update by {optimizers.get(optimizer).name} with "
                 f"learning rate {notation.number(lr, notation.STATED)}")
    return text + "."


# -- the page's own style and script -------------------------------------------------------------
STYLE = """
header .lede { font-size: 1.05rem; margin: 0 0 0.3rem; }
.controls { position: sticky; top: 0; z-index: 2; background: var(--paper);
  border-bottom: 1px solid var(--line); padding: 0.5rem 0; display: flex; flex-wrap: wrap;
  gap: 0.5rem 1rem; align-items: center; }
.controls .buttons { display: flex; flex-wrap: wrap; gap: 0.4rem; }
.controls .slider { display: flex; align-items: center; gap: 0.6rem; flex: 1 1 16rem; }
.controls .slider label { font-weight: 600; }
.controls input[type=range] { flex: 1 1 auto; min-width: 8rem; accent-color: var(--accent); }
.controls output { font-variant-numeric: tabular-nums; white-space: nowrap; }
button[aria-disabled=true] { color: var(--muted); border-color: var(--line); cursor: default; }
.phases { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0;
  padding: 0; flex: 1 1 100%; }
.phases button { padding: 0.2rem 0.6rem; color: var(--ink); border-color: var(--line); }
.phases button .span { color: var(--muted); font-size: 0.85rem; }
.phases button[aria-current=step] { font-weight: 700; border: 3px solid var(--ink);
  background: var(--tint); }
.phases button[aria-current=step]::after { content: " ◂ now"; font-weight: 400;
  font-size: 0.85rem; }
.mark { display: inline-block; min-width: 1.2em; text-align: center; }
.frame h2 { font-size: 1.1rem; margin: 0.8rem 0 0.4rem; }
.diagram { overflow-x: auto; border: 1px solid var(--line); border-radius: 0.3rem; }
.equations { margin: 0.5rem 0; }
.equation { border-left: 4px solid var(--accent); padding: 0.1rem 0 0.1rem 0.7rem;
  margin: 0.4rem 0; }
.equation .text-equation { margin: 0 0 0.2rem; }
.equation math { display: inline math; math-style: normal; }
.tables { display: flex; flex-wrap: wrap; gap: 0 2rem; align-items: flex-start; }
.tables table { max-width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.2rem 0; }
.tables th, .tables td { white-space: nowrap; }
.tables thead th { white-space: normal; }
td.where, th .role { text-align: left; color: var(--muted); font-weight: 400; }
th .role { font-size: 0.8rem; }
td.new, span.new { font-weight: 700; background: #fff3c4; }
td.new::before { content: "▸ "; }
.zoom { display: none; margin: 0.6rem 0 0; }
button[aria-pressed=true] { background: var(--tint); font-weight: 700; }
button[aria-pressed=true]::before { content: "✓ "; }
body.zoomed .diagram svg { width: 64rem; max-width: none; }
@media (max-width: 48rem) {
  body { padding: 0.5rem; }
  .controls { position: static; gap: 0.4rem; }
  .controls .buttons { display: grid; grid-template-columns: repeat(4, auto); gap: 0.3rem;
    width: 100%; }
  .controls .buttons button { padding: 0.35rem 0.2rem; }
  .phases button { font-size: 0.85rem; padding: 0.15rem 0.4rem; }
  .tables { display: block; overflow-x: auto; }
  .tables th, .tables td { padding: 0.15rem 0.3rem; font-size: 0.85rem; }
  th .role { display: block; font-size: 0.75rem; }
  math { font-size: 1rem; }
  .zoom { display: block; }
}
@media print {
  .frame[hidden] { display: block; }
  .frame { break-inside: avoid; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lesson-data").textContent);
  var frames = Array.prototype.slice.call(document.querySelectorAll("section.frame"));
  var slider = document.getElementById("step");
  var where = document.getElementById("where");
  var status = document.getElementById("status");
  var buttons = {first: document.getElementById("first"),
    previous: document.getElementById("previous"), next: document.getElementById("next"),
    last: document.getElementById("last")};
  var phases = Array.prototype.slice.call(document.querySelectorAll("button.phase"));
  var cells = Array.prototype.slice.call(document.querySelectorAll("[data-cell]"));
  var last = frames.length - 1;
  var current = -1;

  function heading(k) {
    return frames[k].querySelector(".heading").textContent;
  }

  function show(k) {
    k = Math.max(0, Math.min(last, k));
    if (k === current) { return; }
    frames.forEach(function (frame, i) { frame.hidden = i !== k; });
    slider.value = String(k);
    slider.setAttribute("aria-valuetext", heading(k));
    where.textContent = (k + 1) + " of " + frames.length;
    status.textContent = heading(k);
    buttons.first.setAttribute("aria-disabled", String(k === 0));
    buttons.previous.setAttribute("aria-disabled", String(k === 0));
    buttons.next.setAttribute("aria-disabled", String(k === last));
    buttons.last.setAttribute("aria-disabled", String(k === last));
    var phase = frames[k].getAttribute("data-phase");
    phases.forEach(function (button) {
      if (button.getAttribute("data-phase") === phase) {
        button.setAttribute("aria-current", "step");
      } else {
        button.removeAttribute("aria-current");
      }
    });
    cells.forEach(function (cell) {
      var entry = data.cells[Number(cell.getAttribute("data-cell"))];
      cell.textContent = entry[1] <= k ? entry[0] : "\\u2013";
      cell.classList.toggle("new", entry[1] === k);
    });
    current = k;
  }

  function input() { show(Number(slider.value)); }
  slider.addEventListener("input", input);
  slider.addEventListener("change", input);
  buttons.first.addEventListener("click", function () { show(0); });
  buttons.previous.addEventListener("click", function () { show(current - 1); });
  buttons.next.addEventListener("click", function () { show(current + 1); });
  buttons.last.addEventListener("click", function () { show(last); });
  var zoom = document.getElementById("zoom");
  zoom.addEventListener("click", function () {
    var on = zoom.getAttribute("aria-pressed") !== "true";
    zoom.setAttribute("aria-pressed", String(on));
    document.body.classList.toggle("zoomed", on);
  });
  phases.forEach(function (button) {
    button.addEventListener("click", function () {
      show(Number(button.getAttribute("data-frame")));
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (event.target === slider) { return; }  // the slider moves itself (and says so)
    var keys = {ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: last};
    if (!Object.prototype.hasOwnProperty.call(keys, event.key)) { return; }
    event.preventDefault();
    show(keys[event.key]);
  });
  show(0);
}());
"""
