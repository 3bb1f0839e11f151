"""neurons.drawing.lesson: the lesson page, read as a file and driven in a real headless Chromium.

The file tests (size, same bytes twice, escaping, the network unchanged, bad arguments)
run everywhere; the browser tests (:mod:`tests.browser`) open the page from ``file://``,
walk every step with the slider, the keys and the buttons, and read what the page shows:
the visible frame's text equations against ``steps[k].text``, and the neurons on the
diagram's halo, found in the SVG itself (each halo's place matched to the neuron drawn
there), against ``steps[k].nodes``. Screenshots of a backward-pass step go into
``$NEURONS_SCREENSHOTS`` when it is set, else into the test's temporary folder.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest

from neurons import Network
from neurons.drawing.lesson import Lesson, lesson
from neurons.errors import (
    ArgumentTypeError,
    FileAccessError,
    NeuronsError,
    ParameterError,
    UnknownNameError,
)

from .browser import browser, open_page  # noqa: F401  (browser: the fixture)
from .helpers import snapshot

MB = 1_000_000
IMG = "<img src=x onerror=alert(1)>"
BOLD = "<b>x</b>"
QUOTES = "q\"'&z"
HOSTILE_TITLE = '<script>alert("title")</script> & a lesson'


def worked() -> Network:
    """The README's worked example: every weight 1, every bias 0 (x = (-2, -1), y = 1)."""
    net = Network.dense([2, 2, 1])
    net.set_parameter_vector([1.0] * 6 + [0.0] * 3)
    return net


def hostile() -> Network:
    """A 2-2-1 network whose names are markup, a script and quotes."""
    net = Network()
    net.add_input(BOLD)
    net.add_input("x2")
    net.add_neuron(IMG, {BOLD: 0.5, "x2": -1.0}, bias=0.1)
    net.add_neuron(QUOTES, {BOLD: 0.3, "x2": 1.0})
    net.add_neuron("o1", {IMG: 1.0, QUOTES: -0.5})
    return net


@pytest.fixture(scope="module")
def worked_page(tmp_path_factory) -> Lesson:
    net = worked()
    before = snapshot(net)
    made = lesson(net, [-2, -1], 1, lr=0.5,
                  path=tmp_path_factory.mktemp("lesson") / "worked.html")
    assert snapshot(net) == before  # the network is unchanged
    return made


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Lesson:
    return lesson(hostile(), [1.0, 2.0], 1.0, lr=0.1, title=HOSTILE_TITLE,
                  path=tmp_path_factory.mktemp("lesson") / "hostile.html")


@pytest.fixture(scope="module")
def layered_page(tmp_path_factory) -> Lesson:
    """45 steps: beyond AUTO_STEPS, so a frame per layer's run of steps."""
    return lesson(Network.dense([2, 3, 2], seed=0), [0.5, -1.0], [1.0, 0.0], lr=0.1,
                  path=tmp_path_factory.mktemp("lesson") / "layered.html")


@pytest.fixture(scope="module")
def chromium(browser):  # noqa: F811  (tests.browser's fixture, under one name here)
    """The module's headless Chromium (skipped where there is none)."""
    return browser


def data_of(document: str) -> dict:
    found = re.search(r'<script type="application/json" id="lesson-data">(.*?)</script>',
                      document, re.S)
    assert found is not None
    return json.loads(found.group(1))


# -- the file -------------------------------------------------------------------------------------
def test_the_worked_example_is_one_small_page_with_a_frame_per_step(worked_page):
    document = worked_page.path.read_text(encoding="utf-8")
    size = worked_page.path.stat().st_size
    print(f"\nthe 2-2-1 lesson (25 frames): {size / MB:.3f} MB")
    assert size <= 1.5 * MB
    assert len(worked_page.steps) == 25
    assert worked_page.frames == [(k,) for k in range(25)]
    assert document.count('<section class="frame"') == 25
    assert document.count("<svg ") == 25 and document.count("<math ") == 25
    # Every step's equation as text, in order (escaped in the source).
    shown = [html.unescape(t) for t in re.findall(r'<p class="text-equation">(.*?)</p>', document)]
    assert shown == [s.text for s in worked_page.steps]
    assert data_of(document)["frames"] == [[k] for k in range(25)]
    # The numbers: the table's cells carry the values of net.steps, in notation's format.
    cells = [text for text, _ in data_of(document)["cells"]]
    assert {"0.227", "0.0215", "-0.0107", "-0.238", "0.989"} <= set(cells)


def test_the_page_asks_for_nothing_outside_itself(worked_page):
    document = worked_page.path.read_text(encoding="utf-8")
    assert "default-src 'none'" in document
    assert document.count("<script") == 2  # the data and the one script
    assert not re.search(r"<(link|iframe|object|embed|img|base)\b", document)
    assert not re.search(r"\bsrc=", document) and "@import" not in document
    assert not re.search(r"\son\w+=", document)  # no event handler attributes
    hrefs = re.findall(r'href="([^"]*)"', document)  # places in the page, the colour bars
    assert hrefs and all(h.startswith(("#", "data:image/png;base64,")) for h in hrefs)
    assert all(u.startswith("#") for u in re.findall(r"url\((.*?)\)", document))


def test_the_same_call_writes_the_same_bytes(worked_page, tmp_path):
    again = lesson(worked(), [-2, -1], 1, lr=0.5, path=tmp_path / "again.html")
    assert again.path.read_bytes() == worked_page.path.read_bytes()


def test_hostile_names_are_only_ever_text_in_the_source(hostile_page):
    document = hostile_page.path.read_text(encoding="utf-8")
    for raw in ("<img", "<b>", "</b>", "<script>alert", "onerror=alert(1)>"):
        assert raw not in document
    assert "&lt;img src=x onerror=alert(1)&gt;" in document  # as text, in the table
    assert "&lt;b&gt;x&lt;/b&gt;" in document
    assert "q&quot;&#x27;&amp;z" in document
    assert f"<title>{html.escape(HOSTILE_TITLE)}</title>" in document
    assert data_of(document)["nodes"] == [BOLD, "x2", IMG, QUOTES, "o1"]


def test_a_larger_network_gets_a_frame_per_layer_run(layered_page):
    frames, record = layered_page.frames, layered_page.steps
    assert len(record) == 45 and len(frames) < len(record)
    assert [i for frame in frames for i in frame] == list(range(45))
    assert max(len(frame) for frame in frames) > 1
    document = layered_page.path.read_text(encoding="utf-8")
    assert document.count('<section class="frame"') == len(frames)
    assert layered_page.path.stat().st_size < 1.5 * MB


@pytest.mark.parametrize(("settings", "error"), [
    ({"per": "sometimes"}, ParameterError),
    ({"path": 3}, ArgumentTypeError),
    ({"path": ""}, ArgumentTypeError),
    ({"title": 5}, ArgumentTypeError),
    ({"scale": 0}, ParameterError),
    ({"max_neurons": 0}, ParameterError),
    ({"lr": -0.5}, ParameterError),
    ({"loss": "nope"}, UnknownNameError),
    ({"x": [1.0, 2.0, 3.0]}, NeuronsError),
    ({"optimizer": "sgdd", "lr": 0.1}, UnknownNameError),
])
def test_a_bad_argument_says_so_and_writes_nothing(tmp_path, settings, error):
    settings = {"x": [-2, -1], "path": tmp_path / "lesson.html", **settings}
    x = settings.pop("x")
    with pytest.raises(error):
        lesson(worked(), x, 1, **settings)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_no_place_for_the_page(tmp_path):
    with pytest.raises(FileAccessError, match="folder"):
        lesson(worked(), [-2, -1], 1, path=tmp_path)
    assert list(tmp_path.iterdir()) == []


# -- in the browser -------------------------------------------------------------------------------
# What the page shows now: the visible frames, the text equations, the neurons under the
# halo (each halo shape matched to the neuron drawn at its centre, in the SVG), the
# controls' state, and the MathML's box.
STATE = """() => {
  const data = JSON.parse(document.getElementById("lesson-data").textContent);
  const frames = Array.from(document.querySelectorAll("section.frame"));
  const shown = frames.filter(f => getComputedStyle(f).display !== "none");
  const frame = shown[0];
  const svg = frame.querySelector("svg");
  const centre = el => { const r = el.getBoundingClientRect();
                         return [r.x + r.width / 2, r.y + r.height / 2]; };
  const shapes = g => Array.from(g.querySelectorAll("path, use")).filter(
    el => !el.closest("defs"));
  const dots = [];
  for (const [role, members] of Object.entries(data.drawn)) {
    const drawn = shapes(svg.querySelector('[id$="-nodes-' + role + '"]'));
    if (drawn.length !== members.length) { throw new Error("the " + role + " neurons"); }
    drawn.forEach((el, i) => dots.push([data.nodes[members[i]], centre(el)]));
  }
  const lit = [];
  for (const halo of svg.querySelectorAll('[id*="-halo-"]')) {
    for (const el of shapes(halo)) {
      const [x, y] = centre(el);
      let best = null, far = Infinity;
      for (const [name, [u, v]] of dots) {
        const d = Math.hypot(u - x, v - y);
        if (d < far) { far = d; best = name; }
      }
      lit.push([best, far]);
    }
  }
  const math = Array.from(frame.querySelectorAll("math")).map(m => {
    const box = m.getBoundingClientRect(); return [m.namespaceURI, box.width, box.height]; });
  const slider = document.getElementById("step");
  return {
    shown: shown.map(f => f.id),
    texts: Array.from(frame.querySelectorAll(".text-equation")).map(p => p.textContent),
    lit: lit, math: math, label: svg.getAttribute("aria-label"),
    heading: frame.querySelector(".heading").textContent,
    value: slider.value, valuetext: slider.getAttribute("aria-valuetext"),
    where: document.getElementById("where").textContent,
    status: document.getElementById("status").textContent,
    phase: Array.from(document.querySelectorAll("button.phase[aria-current=step]")).map(
      b => b.dataset.phase),
    disabled: ["first", "previous", "next", "last"].map(
      id => document.getElementById(id).getAttribute("aria-disabled")),
  };
}"""

PHASE = {"forward": "forward", "loss": "loss", "backward": "backward", "gradient": "backward",
         "update": "update"}


def check_frame(page, made: Lesson, k: int) -> dict:
    """The page shows frame ``k`` of ``made``, and only it: its steps' equations as text,
    its MathML drawn, its steps' nodes on the halo. Returns what the page shows."""
    state = page.evaluate(STATE)
    frame = made.frames[k]
    steps = [made.steps[i] for i in frame]
    assert state["shown"] == [f"frame-{k}"]
    assert state["texts"] == [s.text for s in steps]
    assert len(state["math"]) == len(steps)
    assert all(ns == "http://www.w3.org/1998/Math/MathML" and w > 20 and h > 5
               for ns, w, h in state["math"])
    lit = [name for name, _ in state["lit"]]
    assert all(far < 1.0 for _, far in state["lit"])  # a halo is centred on its neuron
    assert len(lit) == len(set(lit))
    assert set(lit) == {n for s in steps for n in s.nodes}
    assert state["value"] == str(k) and state["where"] == f"{k + 1} of {len(made.frames)}"
    assert state["status"] == state["heading"] == state["valuetext"]
    assert state["heading"].startswith(f"Step {frame[0] + 1}" if len(frame) == 1
                                       else f"Steps {frame[0] + 1}-{frame[-1] + 1}")
    assert state["label"].startswith(f"Diagram. {state['heading']}.")
    assert state["phase"] == [PHASE[steps[0].kind]]
    last = len(made.frames) - 1
    assert state["disabled"] == [str(k == 0).lower()] * 2 + [str(k == last).lower()] * 2
    return state


def slide_to(page, k: int) -> None:
    """Move the slider as a pointer does: set its value, and it fires input and change."""
    page.evaluate("""k => { const s = document.getElementById("step"); s.value = String(k);
      s.dispatchEvent(new Event("input", {bubbles: true}));
      s.dispatchEvent(new Event("change", {bubbles: true})); }""", k)


def quiet(opened, uri: str) -> None:
    """Nothing went wrong and nothing left the page: no console error or warning (a
    blocked request or script would say so), no page error, no dialog, one request."""
    assert [m for m in opened.console if m[0] in ("error", "warning")] == []
    assert opened.errors == [] and opened.dialogs == []
    assert opened.requests == [uri]


def test_the_page_opens_from_file_with_no_request_and_no_error(chromium, worked_page):
    opened = open_page(chromium, worked_page.path)
    page = opened.page
    check_frame(page, worked_page, 0)
    assert page.title() == "Backpropagation step by step: a 2-2-1 network"
    label = page.evaluate("() => document.querySelector('label[for=step]').textContent")
    assert label == "Step"
    quiet(opened, worked_page.path.resolve().as_uri())
    page.context.close()


def test_the_slider_walks_every_step(chromium, worked_page):
    opened = open_page(chromium, worked_page.path)
    page = opened.page
    for k in [*range(25), 3, 0]:
        slide_to(page, k)
        state = check_frame(page, worked_page, k)
        assert state["label"].count("Highlighted") >= 1
    # The slider's own keys move it by one (it has the focus: the page does not step again).
    page.focus("#step")
    page.keyboard.press("ArrowRight")
    check_frame(page, worked_page, 1)
    page.keyboard.press("End")
    check_frame(page, worked_page, 24)
    page.keyboard.press("ArrowLeft")
    check_frame(page, worked_page, 23)
    quiet(opened, worked_page.path.resolve().as_uri())
    page.context.close()


def test_the_arrow_keys_walk_every_step_forward_and_back(chromium, worked_page):
    opened = open_page(chromium, worked_page.path)
    page = opened.page
    for k in range(1, 25):
        page.keyboard.press("ArrowRight")
        check_frame(page, worked_page, k)
    page.keyboard.press("ArrowRight")  # past the last: it stays
    check_frame(page, worked_page, 24)
    for k in range(23, -1, -1):
        page.keyboard.press("ArrowLeft")
        check_frame(page, worked_page, k)
    page.keyboard.press("End")
    check_frame(page, worked_page, 24)
    page.keyboard.press("Home")
    check_frame(page, worked_page, 0)
    quiet(opened, worked_page.path.resolve().as_uri())
    page.context.close()


def test_the_buttons_and_the_phases_move_between_steps(chromium, worked_page):
    opened = open_page(chromium, worked_page.path)
    page = opened.page
    page.click("#next")
    page.click("#next")
    check_frame(page, worked_page, 2)
    page.click("#previous")
    check_frame(page, worked_page, 1)
    page.click("#last")
    check_frame(page, worked_page, 24)
    page.click("#next", force=True)  # at the end (aria-disabled): nothing happens
    check_frame(page, worked_page, 24)
    page.click("#first")
    check_frame(page, worked_page, 0)
    # The phases: each a button to its first step, the current one marked by aria-current.
    page.click("button.phase[data-phase=backward]")
    check_frame(page, worked_page, 4)
    page.click("button.phase[data-phase=update]")
    check_frame(page, worked_page, 16)
    # By keyboard: Tab to the Next button and press Enter.
    page.click("#first")
    page.focus("#next")
    page.keyboard.press("Enter")
    check_frame(page, worked_page, 1)
    quiet(opened, worked_page.path.resolve().as_uri())
    page.context.close()


TABLE = """() => Object.fromEntries(Array.from(document.querySelectorAll(".tables tr")).filter(
  row => row.querySelector("th[scope=row]")).map(row => [
    (row.querySelector("th .name") || row.querySelector("th")).textContent,
    Array.from(row.querySelectorAll("td")).map(
      td => [td.textContent, td.classList.contains("new")])]))"""


def test_the_table_holds_the_numbers_known_after_each_step(chromium, worked_page):
    opened = open_page(chromium, worked_page.path)
    page = opened.page
    table = page.evaluate(TABLE)  # step 1: a_h1 = sigmoid(-3)
    assert table["x1"] == [["", False], ["-2", False], ["", False], ["", False]]
    assert table["h1"] == [["-3", True], ["0.0474", True], ["–", False], ["–", False]]
    assert table["o1"] == [["–", False]] * 4
    assert table["w1"] == [["x1 → h1", False], ["1", False], ["–", False], ["–", False]]
    assert table["L (mse)"] == [["–", False]]
    slide_to(page, 13)  # 12: delta_h1, 13: dL/dw1
    table = page.evaluate(TABLE)
    assert table["h1"] == [["-3", False], ["0.0474", False], ["-0.238", False],
                           ["-0.0107", False]]
    assert table["w1"][2:] == [["0.0215", True], ["–", False]]
    assert table["L (mse)"] == [["0.227", False]]
    page.keyboard.press("End")
    table = page.evaluate(TABLE)
    assert table["w1"][2:] == [["0.0215", False], ["0.989", False]]
    assert table["b3"] == [["bias of o1", False], ["0", False], ["-0.238", False],
                           ["0.119", True]]
    assert "–" not in [text for row in table.values() for text, _ in row]
    page.context.close()


def screenshot_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NEURONS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_screenshots_of_a_backward_step_wide_and_on_a_phone(chromium, worked_page, tmp_path):
    record = worked_page.steps
    k = next(s.index for s in record if s.kind == "backward" and s.node == "h2")  # delta_h2
    folder = screenshot_folder(tmp_path)
    for width, height in ((1280, 900), (360, 740)):
        opened = open_page(chromium, worked_page.path, width=width, height=height)
        page = opened.page
        slide_to(page, k)
        check_frame(page, worked_page, k)
        # Nothing sticks out of the page: the controls are whole, wide parts scroll inside.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        rights = page.evaluate("""() => Array.from(document.querySelectorAll(
          ".controls button, .controls input, .controls output")).map(
          el => el.getBoundingClientRect().right)""")
        assert max(rights) <= width
        shot = folder / f"lesson-step{k + 1}-{width}px.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nscreenshot: {shot}")
        assert shot.stat().st_size > 10_000
        if width == 360:  # a phone: the diagram fits the width, and can be enlarged
            fit = page.evaluate("() => document.querySelector("
                                "'section.frame:not([hidden]) svg').getBoundingClientRect().width")
            page.click("#zoom")
            wide = page.evaluate("() => document.querySelector("
                                 "'section.frame:not([hidden]) svg').getBoundingClientRect().width")
            assert fit <= 360 < wide
            assert page.get_attribute("#zoom", "aria-pressed") == "true"
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width
            shot = folder / f"lesson-step{k + 1}-{width}px-enlarged.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
        quiet(opened, worked_page.path.resolve().as_uri())
        page.context.close()


def test_a_network_of_hostile_names_shows_them_as_text_and_runs_nothing(chromium, hostile_page):
    opened = open_page(chromium, hostile_page.path)
    page = opened.page
    assert page.title() == HOSTILE_TITLE
    for k in range(len(hostile_page.frames)):
        if k:
            page.keyboard.press("ArrowRight")
        state = check_frame(page, hostile_page, k)
        if k == 0:
            assert IMG in state["heading"] and IMG in state["label"]
    table = page.evaluate(TABLE)
    assert {BOLD, "x2", IMG, QUOTES, "o1"} <= set(table)
    assert page.evaluate("() => document.querySelectorAll('img, b, iframe').length") == 0
    assert page.evaluate("() => document.querySelectorAll('script').length") == 2
    h1 = page.evaluate("() => document.querySelector('h1').textContent")
    assert h1 == HOSTILE_TITLE
    quiet(opened, hostile_page.path.resolve().as_uri())
    page.context.close()


def test_a_frame_per_layer_shows_every_equation_and_node_of_its_steps(chromium, layered_page):
    opened = open_page(chromium, layered_page.path)
    page = opened.page
    for k in range(len(layered_page.frames)):
        slide_to(page, k)
        check_frame(page, layered_page, k)
    assert page.evaluate("() => document.querySelector('label[for=step]').textContent") == "Frame"
    quiet(opened, layered_page.path.resolve().as_uri())
    page.context.close()
