"""The worksheet page: answers checked in the page without being in it, factor by factor too,
the same as Python's check_chain (issue 20).

The browser tests run in a real headless Chromium (tests/browser.py; skipped where there is
none); the rest read the page's source and the Python side.
"""

from __future__ import annotations

import json
import math
import os
import re
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurons.answer_keys import accepted, digest, parse, rounded
from neurons.errors import ArgumentTypeError, FileAccessError, ParameterError
from neurons.exercises import EVERY_KIND, exercise, exercises
from neurons.worksheet_page import answer_key
from neurons.worksheets import worksheet

from .browser import browser, open_page  # noqa: F401  (browser: the fixture)

GIVEN = re.compile(r"^(w|b|k|a_x)")  # factors the question states (weights, inputs)


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    ws = worksheet(14, seed=3, kinds=EVERY_KIND)
    return ws, ws.write_html(tmp_path_factory.mktemp("worksheet") / "worksheet.html")


def hidden_values(ws):
    """The values a student must work out: every answer and every factor not stated, but
    for those of two digits (a z of one-decimal numbers, 0.7, is also a weight's value)."""
    for ex in ws.exercises:
        for value in (ex.answer, *(f.value for f in ex.chain if not GIVEN.match(f.symbol))):
            if abs(value) >= 1e-3 and float(f"{value:.2g}") != value:
                yield value


def written(value):
    """The ways a number could be written into a page: 4 and 5 significant digits, repr."""
    return {f"{value:.4g}", f"{value:.5g}", f"{value:.4f}", repr(value),
            rounded(value, 4), rounded(value, 5)}


def numbers_in(source):
    """Every number written in ``source``, as written (a number inside another, as 0.9302 in
    230.9302, is not one)."""
    return set(re.findall(r"(?<![\d.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", source))


# -- the answer key, in Python ---------------------------------------------------------------------
def test_rounding_reads_the_number_as_typed_and_rounds_halves_away_from_zero():
    assert rounded("0.00274750", 4) == "-2.748e-3".lstrip("-")
    assert rounded("-0.0027475", 4) == "-2.748e-3"  # a half: away from zero
    assert rounded("-0.00274749999", 4) == "-2.747e-3"
    assert rounded("9.9995", 4) == "1.000e1" and rounded("-9.9994", 4) == "-9.999e0"
    assert rounded("\u22120.5", 4) == "-5.000e-1" and rounded(" 5e-1 ", 4) == "5.000e-1"
    assert rounded("-0.000", 4) == "0" and rounded(0.0, 4) == "0"
    assert rounded(0.1, 4) == "1.000e-1"  # a float is its shortest repr, not 0.1000000000000000055
    assert rounded(".5", 2) == "5.0e-1" and rounded("5.", 2) == "5.0e0"
    for bad in ("", "1,5", "abc", "1e", "--1", "0x10", "1/2", "nan", "inf"):
        assert rounded(bad, 4) is None, bad
    with pytest.raises(ArgumentTypeError, match="number or a text"):
        parse([1.0])
    with pytest.raises(ParameterError):
        parse(float("nan"))


@settings(max_examples=30)
@given(st.floats(min_value=1e-6, max_value=1e6), st.booleans(), st.integers(2, 4))
def test_accepted_is_every_rounding_within_the_tolerance(magnitude, negative, digits):
    value = -magnitude if negative else magnitude
    got = accepted(value, relative=1e-3, digits=digits)
    e = math.floor(math.log10(magnitude))
    brute = set()
    for ee in (e - 1, e, e + 1):  # every rounding of three decades
        for m in range(10 ** (digits - 1), 10 ** digits):
            text = rounded(f"{-m if negative else m}e{ee - digits + 1}", digits)
            if abs(float(text) - value) <= 1e-3 * abs(value):
                brute.add(text)
    assert set(got) == brute and len(got) == len(brute)
    if digits == 4:  # rounding to 4 digits errs by at most 5e-4: the value's own is accepted
        assert rounded(value, digits) in got


def test_the_key_holds_digests_and_messages_only():
    ex = exercise("gradient", seed=2)
    key = answer_key(ex, "salt")
    text = json.dumps(key)
    numbers = re.findall(r"(?<![\w.])-?\d+\.\d+(?:e-?\d+)?", text)
    assert numbers == [], numbers  # no value, only hex digests, names and messages
    assert key["factors"][0]["hashes"] == [
        digest("salt:1", t) for t in accepted(ex.chain[0].value, relative=1e-3, digits=4)]
    assert [f["symbol"] for f in key["factors"]] == [f.symbol for f in ex.chain]


def test_check_chain_names_the_first_wrong_factor_and_each_recognised_slip():
    for ex in exercises(60, seed=8, kinds=EVERY_KIND):
        right = [f.value for f in ex.chain]
        assert ex.check_chain(right).correct
        assert ex.check_chain([f"{v:.4g}" for v in right]).correct  # typed, 4 digits
        for i, f in enumerate(ex.chain):
            for m in f.mistakes:
                wrong = [*right[:i], m.value, *right[i + 1:]]
                got = ex.check_chain(wrong)
                assert (got.correct, got.index, got.mistake) == (False, i, m.name)
                assert got.factor is f and m.message in got.message
        got = ex.check_chain(right[:-1])
        assert (got.correct, got.index) == (False, len(right) - 1)
        assert got.message.endswith(f"Next: {ex.chain[-1].symbol}.")


def test_check_chain_refuses_what_is_no_chain():
    ex = exercise("delta", seed=0)
    with pytest.raises(ArgumentTypeError, match="list of numbers"):
        ex.check_chain(0.5)
    with pytest.raises(ParameterError, match="7 values given for a chain of 6 factors"):
        ex.check_chain([0.1] * 7)
    got = ex.check_chain(["0.3495", "x"])
    assert (got.index, got.mistake) == (1, None) and "not a number" in got.message


# -- the page's source -----------------------------------------------------------------------------
def test_the_answers_appear_nowhere_in_the_page(sheet):
    ws, path = sheet
    numbers = numbers_in(path.read_text(encoding="utf-8"))
    for value in hidden_values(ws):
        assert not written(value) & numbers, value
    # the check is able to fail: the same search finds what the questions state
    assert {"-0.3", "1.5"} <= numbers


def test_the_page_is_whole_and_the_same_every_time(sheet, tmp_path):
    ws, path = sheet
    again = worksheet(14, seed=3, kinds=EVERY_KIND).write_html(tmp_path / "again.html")
    assert again.read_bytes() == path.read_bytes()
    source = path.read_text(encoding="utf-8")
    assert "http://" not in source.replace("http://www.w3.org/", "")
    assert "https://" not in source and "src=" not in source
    assert source.count('<section class="exercise"') == 14
    assert ws.files["worksheet.html"] == path
    size = path.stat().st_size
    assert 100_000 < size < 1_500_000, size  # 14 pictures, 14 keys


def test_writing_the_page_where_it_cannot_be_is_an_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileAccessError):
        worksheet(1, seed=0).write_html(tmp_path / "file" / "ws.html")
    with pytest.raises(ArgumentTypeError):
        worksheet(1, seed=0).write_html(3)


# -- in the browser --------------------------------------------------------------------------------
def answer(page, i, text):
    box = page.locator(f"#ex{i}-answer")
    box.fill(text)
    box.press("Enter")
    out = page.locator(f"#ex{i}-feedback")
    out.locator("xpath=.").filter(has_text=re.compile(".")).wait_for()
    return out


def test_the_page_checks_answers_and_names_slips(browser, sheet):  # noqa: F811
    ws, path = sheet
    opened = open_page(browser, path)
    page = opened.page
    for i, ex in enumerate(ws.exercises[:7], 1):  # one of each kind
        out = answer(page, i, f"{ex.answer:.4g}")
        assert out.text_content() == "\u2713 Correct."
        sign = next((m for m in ex.chain[-1].mistakes if m.name == "sign"), None)
        if sign is not None:
            page.locator(f"#ex{i}-feedback").evaluate("e => e.textContent = ''")
            out = answer(page, i, f"{sign.value:.5g}")
            assert out.get_attribute("data-mistake") == "sign"
            assert "Sign error" in out.text_content()
    assert opened.console == [] and opened.errors == [] and opened.dialogs == []
    assert opened.requests == [path.resolve().as_uri()]
    numbers = numbers_in(page.content())  # the page as the browser holds it, after the checks
    for value in hidden_values(ws):
        assert not written(value) & numbers, value
    page.context.close()


def test_the_first_wrong_factor_is_marked(browser, sheet, tmp_path):  # noqa: F811
    ws, path = sheet
    opened = open_page(browser, path)
    page = opened.page
    i, ex = 3, ws.exercises[2]
    section = page.locator(f"#exercise-{i}")
    section.locator("summary").click()
    values = [f"{f.value:.5g}" for f in ex.chain]
    values[1] = "0.5"  # f'(z_o1) of a sigmoid is at most 0.25
    values[4] = "7"  # a later wrong one is not the first
    for j, v in enumerate(values, 1):
        page.locator(f"#ex{i}-f{j}").fill(v)
    section.locator("form.factors button").click()
    feedback = page.locator(f"#ex{i}-chain-feedback")
    feedback.filter(has_text=re.compile(".")).wait_for()
    assert section.locator("form.factors").get_attribute("data-index") == "1"
    marks = [section.locator(f'[data-mark="{j}"]').text_content() for j in range(len(values))]
    assert marks[:2] == ["\u2713 right", "\u2717 first wrong factor"]
    assert set(marks[2:]) == {""}
    assert page.locator(f"#ex{i}-f2").get_attribute("aria-invalid") == "true"
    assert feedback.text_content().startswith(f"\u2717 {ex.chain[1].symbol} is the first wrong")
    py = ex.check_chain(values)
    assert py.index == 1 and py.mistake is None
    folder = Path(os.environ.get("NEURONS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(folder / "worksheet-exercise.png"))
    page.set_viewport_size({"width": 360, "height": 740})
    section.screenshot(path=str(folder / "worksheet-exercise-phone.png"))
    print(f"worksheet screenshots: {folder}")
    assert opened.console == [] and opened.errors == []
    page.context.close()


def typed(value, rng):
    """A value as a student might type it: 4 to 6 digits, an exponent, a Unicode minus,
    or exactly half a unit of the 4th digit away from the rounding (the ties)."""
    style = rng.integers(6)
    if style == 0:
        return f"{value:.4g}"
    if style == 1:
        return f"{value:.{int(rng.integers(2, 8))}g}"
    if style == 2:
        return f"{value:.3e}"
    if style == 3:
        return f"{value:.5g}".replace("-", "\u2212")
    if style == 4 and value != 0:
        r = Decimal(rounded(value, 4))
        half = Decimal(1).scaleb(r.adjusted() - 4) * 5
        return str(r + half if rng.random() < 0.5 else r - half)
    return repr(value)


def cases(n, seed):
    """n exercises, each with one chain to grade: right, a known slip, a random wrong value,
    something not a number, or a factor left blank, at a random place."""
    rng = np.random.default_rng(seed)
    out = []
    for ex in exercises(n, seed=seed, kinds=EVERY_KIND):
        chain = ex.chain
        values = [typed(f.value, rng) for f in chain]
        i = int(rng.integers(len(chain)))
        what = rng.integers(5)
        if what == 1 and chain[i].mistakes:
            m = chain[i].mistakes[int(rng.integers(len(chain[i].mistakes)))]
            values[i] = typed(m.value, rng)
        elif what == 2:
            values[i] = typed(chain[i].value * float(rng.uniform(-3, 3)), rng)
        elif what == 3:
            values[i] = ["", "abc", "1,5", "--2"][int(rng.integers(4))]
        elif what == 4:
            values = values[:i]
        out.append((ex, values))
    return out


def test_python_and_the_page_agree_on_1000_exercises(browser, sheet):  # noqa: F811
    _, path = sheet
    opened = open_page(browser, path)
    graded = cases(1000, seed=20)
    keys = [answer_key(ex, f"agree:{k}") for k, (ex, _) in enumerate(graded)]
    page_says = opened.page.evaluate(
        """async ([keys, chains]) => {
            const out = [];
            for (let k = 0; k < keys.length; k += 1) {
                const v = await window.neuronsWorksheet.judgeChain(keys[k], chains[k]);
                const a = await window.neuronsWorksheet.judge(keys[k].answer,
                    chains[k].length ? chains[k][chains[k].length - 1] : "", keys[k].digits);
                out.push([v.correct, v.index, v.mistake,
                          a === null ? null : [a.ok, a.mistake]]);
            }
            return out;
        }""", [keys, [values for _, values in graded]])
    kinds = set()
    for (ex, values), (ok, index, mistake, alone) in zip(graded, page_says):
        py = ex.check_chain(values)
        assert (ok, index, mistake) == (py.correct, py.index, py.mistake), (ex, values)
        last = values[-1] if values else ""
        if last.strip():
            single = ex.check_chain([f.value for f in ex.chain[:-1]] + [last])
            if rounded(last, 4) is None:
                assert alone == [False, None]
            else:
                assert alone == [single.correct, single.mistake], (ex, last)
        kinds.add((py.correct, py.mistake is not None, py.index is None))
    assert kinds >= {(True, False, True), (False, True, False), (False, False, False)}
    assert opened.console == [] and opened.errors == []
    opened.page.context.close()
