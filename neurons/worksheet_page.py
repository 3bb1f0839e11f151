"""A worksheet as one web page that checks answers without holding them.

:meth:`neurons.worksheets.Worksheet.write_html` writes it: each exercise's question, its
network's picture, an answer box, and "Check each factor": one box per factor of the
chain (:attr:`neurons.exercises.Exercise.chain`). A check says whether the
answer is accepted, names a recognised slip with its message, or, factor by factor, marks
the first wrong one and names its slip when it is a known one.

The page holds no answer: for each quantity it keeps a salt and the SHA-256 digests of
the roundings it accepts (:mod:`neurons.answer_keys`), and for each recognised slip the
digests of the roundings that give it, with its message. The page rounds what was typed
to the asked digits, as :func:`neurons.answer_keys.rounded` does, hashes it with the
quantity's salt (the browser's ``crypto.subtle``, which a page opened from a file or an
``https`` address has) and looks the digest up; :func:`neurons.chains.check_chain` is the
same check in Python, and the tests hold the two to each other.

The salts come from the worksheet's seed, so the same worksheet gives the same page, byte
for byte. Like every page of the library (:mod:`neurons.pages`) it asks for nothing from
the network and runs only its own script.

Examples
--------
>>> from neurons.worksheets import worksheet
>>> ws = worksheet(1, seed=0)
>>> key = answer_key(ws.exercises[0], "s")
>>> [f["symbol"] for f in key["factors"]]
['z_h2', 'a_h2']
>>> f"{ws.exercises[0].answer:.4f}" in worksheet_html(ws)
False
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from . import pages
from .answer_keys import NUMBER, accepted, digest
from .chains import Factor, wrong
from .exercises import TITLES

if TYPE_CHECKING:
    from .exercises import Exercise
    from .worksheets import Worksheet

__all__ = ["answer_key", "worksheet_html"]

CORRECT = "Correct."
UNKNOWN = ("Not accepted, and not a slip this sheet recognises. Work through the steps "
           "again, keeping 5 significant digits; \u201cCheck each factor\u201d shows where "
           "it goes wrong.")
NOT_A_NUMBER = "That is not a number: write it as -0.1234 or -1.234e-1."


def answer_key(ex: Exercise, salt: str) -> dict[str, Any]:
    """What the page keeps of ``ex``: for the answer and for each factor of its chain, a
    salt of its own, the digests of the accepted roundings, and each recognised slip's
    digests with its name and message; no value.

    Examples
    --------
    >>> from neurons.exercises import exercise
    >>> key = answer_key(exercise("delta", seed=0), "s")
    >>> key["digits"], len(key["factors"]), key["factors"][0]["salt"]
    (4, 6, 's:1')
    >>> sorted(key["factors"][0])
    ['hashes', 'mistakes', 'salt', 'symbol', 'wrong']
    """
    tol = ex.tolerance

    def hashes(value: float, salt: str) -> list[str]:
        return [digest(salt, t)
                for t in accepted(value, relative=tol.relative, digits=tol.digits)]

    def entry(f: Factor, salt: str) -> dict[str, Any]:
        return {"symbol": f.symbol, "salt": salt, "hashes": hashes(f.value, salt),
                "wrong": wrong(f),
                "mistakes": [{"name": m.name, "message": wrong(f, m.message),
                              "hashes": hashes(m.value, salt)} for m in f.mistakes]}

    chain = ex.chain
    answer = entry(chain[-1], f"{salt}:0")
    for m in answer["mistakes"]:  # one answer alone: no "first wrong one" to name
        m["message"] = "Not quite. " + next(
            s.message for s in chain[-1].mistakes if s.name == m["name"])
    answer["wrong"] = UNKNOWN
    return {"digits": tol.digits, "quantity": ex.quantity, "answer": answer,
            "factors": [entry(f, f"{salt}:{i}") for i, f in enumerate(chain, 1)]}


def worksheet_html(ws: Worksheet) -> str:
    """The worksheet ``ws`` as one self-contained page (see the module)."""
    sheet_salt = hashlib.sha256(f"neurons worksheet {ws.seed}".encode()).hexdigest()[:16]
    keys, sections = [], []
    for i, ex in enumerate(ws.exercises, 1):
        keys.append(answer_key(ex, f"{sheet_salt}:{i}"))
        sections.append(_section(i, ex))
    n = len(ws.exercises)
    body = "\n".join([
        '<header>',
        f"<h1>Backpropagation by hand: {n} exercise{'s' * (n != 1)}</h1>",
        '<p class="note">Worksheet seed ' + pages.text(ws.seed) + ". Type an answer and "
        "press Check (or Enter): the page says whether it is accepted, and names a slip it "
        "recognises. \u201cCheck each factor\u201d takes every quantity of the derivation "
        "in turn and marks the first wrong one. The answers are not in this page: it "
        "compares fingerprints (hashes) of the roundings it accepts.</p>",
        '<p class="note" id="no-crypto" hidden>This browser gives the page no hashing '
        "(crypto.subtle): open the file directly, or from an https address, to check "
        "answers.</p>",
        "</header>", "<main>", *sections, "</main>",
        f'<script type="application/json" id="keys">{pages.data_script(keys)}</script>',
        f'<script type="application/json" id="texts">'
        f'{pages.data_script({"correct": CORRECT, "nan": NOT_A_NUMBER, "number": NUMBER})}'
        "</script>"])
    return pages.page(f"Backpropagation by hand: {n} exercises", body, script=_SCRIPT,
                      style=_STYLE, description="A worksheet that checks answers in the page")


def _section(i: int, ex: Exercise) -> str:
    from .drawing.svg import inline_svg  # matplotlib loads with the first picture

    picture = inline_svg(ex.draw().figure, f"The network of exercise {i}: "
                         + ", ".join(n.name for n in ex.net.neurons) + ", with every weight "
                         "and bias written on it.", ids=f"ex{i}-", close=True)
    factors = "\n".join(
        f'<li><label for="ex{i}-f{j}"><span class="visually-hidden">{pages.text(f.symbol)}'
        f'</span><span class="math" aria-hidden="true">'
        f'{pages.mathml(f.latex, display="inline")}</span></label> = '
        f'<input id="ex{i}-f{j}" inputmode="decimal" autocomplete="off" '
        f'spellcheck="false" data-factor="{j - 1}"> <span class="mark" data-mark="{j - 1}">'
        "</span></li>" for j, f in enumerate(ex.chain, 1))
    return "\n".join([
        f'<section class="exercise" id="exercise-{i}" data-index="{i - 1}" '
        f'aria-labelledby="ex{i}-title">',
        f'<h2 id="ex{i}-title">Exercise {i}: {pages.text(TITLES[ex.kind])}</h2>',
        f"<figure>{picture}</figure>",
        _question(ex.question),
        '<form class="answer" novalidate>',
        f'<label for="ex{i}-answer">Your answer: {pages.text(ex.quantity)} =</label> '
        f'<input id="ex{i}-answer" class="answer-input" inputmode="decimal" '
        'autocomplete="off" spellcheck="false"> <button type="submit">Check</button>',
        f'<p class="feedback" role="status" aria-live="polite" id="ex{i}-feedback"></p>',
        "</form>",
        f'<details class="chain"><summary>Check each factor ({len(ex.chain)} '
        "quantities, in the order the derivation works them out)</summary>",
        '<form class="factors" novalidate>',
        f'<ol>{factors}</ol>',
        '<button type="submit">Check the factors</button>',
        f'<p class="feedback" role="status" aria-live="polite" id="ex{i}-chain-feedback"></p>',
        "</form></details>",
        "</section>"])


def _question(question: str) -> str:
    """The question's text as paragraphs and a list (its lines "- h1: ..." and their
    "  with ..." continuations), every line escaped."""
    out, items = [], []
    for line in question.splitlines():
        if line.startswith("- "):
            items.append(pages.text(line[2:]))
        elif line.startswith("  ") and items:
            items[-1] += "<br>" + pages.text(line.strip())
        else:
            if items:
                out.append("<ul>" + "".join(f"<li>{t}</li>" for t in items) + "</ul>")
                items = []
            if line.strip():
                out.append(f"<p>{pages.text(line)}</p>")
    if items:
        out.append("<ul>" + "".join(f"<li>{t}</li>" for t in items) + "</ul>")
    return '<div class="question">' + "\n".join(out) + "</div>"


_STYLE = """
.exercise { border-top: 2px solid var(--line); padding-top: 0.5rem; margin-top: 1.5rem; }
.exercise figure { max-width: 40rem; overflow-x: auto; }
.exercise figure svg { min-width: 32rem; }  /* on a phone: scroll, not shrink to 4 px text */
.question ul { padding-left: 1.2rem; }
.question p, .question li { margin: 0.2rem 0; }
form.answer, form.factors { margin: 0.6rem 0; }
input { width: 9rem; padding: 0.25rem 0.4rem; border: 1px solid #888; border-radius: 0.25rem; }
input[aria-invalid="true"] { border: 2px solid var(--bad); }
.chain ol { padding-left: 1.6rem; }
.chain li { margin: 0.35rem 0; }
.chain label { display: inline-block; min-width: 5rem; text-align: right; }
.feedback { min-height: 1.5rem; font-weight: 600; }
.feedback.good, .mark.good { color: var(--good); }
.feedback.bad, .mark.bad { color: var(--bad); }
summary { cursor: pointer; color: var(--accent); }
"""

# The check, as neurons.answer_keys and neurons.chains do it in Python: read the number as
# typed, round it to the asked significant digits (halves away from zero) as text, hash it
# with the quantity's salt, look the digest up.
_SCRIPT = r"""
"use strict";
(function () {
  const keys = JSON.parse(document.getElementById("keys").textContent);
  const texts = JSON.parse(document.getElementById("texts").textContent);
  const NUMBER = new RegExp("^" + texts.number + "$");

  function rounded(raw, digits) {
    let t = raw.replace(/\s/g, "").replace(/\u2212/g, "-");
    if (!NUMBER.test(t)) return null;
    let sign = "";
    if (t[0] === "+" || t[0] === "-") { sign = t[0] === "-" ? "-" : ""; t = t.slice(1); }
    let exp = 0;
    const e = t.search(/[eE]/);
    if (e >= 0) { exp = parseInt(t.slice(e + 1), 10); t = t.slice(0, e); }
    const dot = t.indexOf(".");
    const whole = dot >= 0 ? t.slice(0, dot) : t;
    const all = whole + (dot >= 0 ? t.slice(dot + 1) : "");
    const first = all.search(/[1-9]/);
    if (first < 0) return "0";
    let sig = all.slice(first);
    let e10 = whole.length + exp - first - 1;
    if (sig.length > digits) {
      const up = sig[digits] >= "5";
      const d = sig.slice(0, digits).split("");
      if (up) {
        let i = digits - 1;
        while (i >= 0 && d[i] === "9") { d[i] = "0"; i -= 1; }
        if (i >= 0) { d[i] = String(Number(d[i]) + 1); }
        else { d.unshift("1"); d.pop(); e10 += 1; }
      }
      sig = d.join("");
    } else {
      sig = sig.padEnd(digits, "0");
    }
    return sign + sig[0] + (digits > 1 ? "." + sig.slice(1) : "") + "e" + e10;
  }

  async function digest(salt, text) {
    const bytes = new TextEncoder().encode(salt + ":" + text);
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return Array.from(hash.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // One value against one entry: {ok, mistake, message}; null when nothing is typed.
  async function judge(entry, raw, digits) {
    if (!raw.trim()) return null;
    const text = rounded(raw, digits);
    if (text === null) return { ok: false, mistake: null, message: texts.nan, nan: true };
    const h = await digest(entry.salt, text);
    if (entry.hashes.includes(h)) return { ok: true, mistake: null, message: texts.correct };
    for (const m of entry.mistakes) {
      if (m.hashes.includes(h)) return { ok: false, mistake: m.name, message: m.message };
    }
    return { ok: false, mistake: null, message: entry.wrong };
  }

  // The chain: the first factor not given or not accepted, as neurons.chains.check_chain.
  async function judgeChain(key, raws) {
    const n = key.factors.length;
    for (let i = 0; i < n; i += 1) {
      const f = key.factors[i];
      const raw = i < raws.length ? raws[i] : "";
      const v = await judge(f, raw, key.digits);
      if (v === null) {
        const done = i ? "The first " + i + " of " + n + " are right. " : "";
        return { correct: false, index: i, mistake: null,
                 message: done + "Next: " + f.symbol + "." };
      }
      if (v.nan) {
        return { correct: false, index: i, mistake: null, message: f.symbol + ": " + v.message };
      }
      if (!v.ok) return { correct: false, index: i, mistake: v.mistake, message: v.message };
    }
    return { correct: true, index: null, mistake: null,
             message: "Correct: all " + n + " factors are right." };
  }

  function show(el, verdict) {
    el.textContent = (verdict.ok || verdict.correct ? "\u2713 " : "\u2717 ") + verdict.message;
    el.className = "feedback " + (verdict.ok || verdict.correct ? "good" : "bad");
    el.dataset.mistake = verdict.mistake || "";
  }

  window.neuronsWorksheet = { rounded: rounded, digest: digest, judge: judge,
                              judgeChain: judgeChain, keys: keys };
  if (!(window.crypto && crypto.subtle)) {
    document.getElementById("no-crypto").hidden = false;
    return;
  }
  document.querySelectorAll("section.exercise").forEach(function (section) {
    const key = keys[Number(section.dataset.index)];
    const answer = section.querySelector("form.answer");
    answer.addEventListener("submit", async function (event) {
      event.preventDefault();
      const input = answer.querySelector("input");
      const out = answer.querySelector(".feedback");
      const v = await judge(key.answer, input.value, key.digits);
      if (v === null) {
        out.textContent = "Type a number first.";
        out.className = "feedback";
        return;
      }
      input.setAttribute("aria-invalid", v.ok ? "false" : "true");
      show(out, v);
    });
    const factors = section.querySelector("form.factors");
    factors.addEventListener("submit", async function (event) {
      event.preventDefault();
      const inputs = Array.from(factors.querySelectorAll("input"));
      const v = await judgeChain(key, inputs.map((x) => x.value));
      inputs.forEach(function (input, i) {
        const mark = factors.querySelector('[data-mark="' + i + '"]');
        const right = v.correct || i < v.index;
        const first = !v.correct && i === v.index && inputs[i].value.trim() !== "";
        input.setAttribute("aria-invalid", first ? "true" : "false");
        mark.textContent = right ? "\u2713 right" : first ? "\u2717 first wrong factor" : "";
        mark.className = "mark " + (right ? "good" : first ? "bad" : "");
      });
      show(factors.querySelector(".feedback"), v);
      factors.dataset.index = v.index === null ? "" : String(v.index);
    });
  });
})();
""".strip()
