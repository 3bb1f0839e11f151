"""A real headless Chromium for the pages' tests (Playwright driving the system's browser).

``.ci/run`` installs Debian's ``chromium`` and the ``browser`` extra (Playwright); where
either is missing, the tests that use :func:`browser` are skipped with the reason (and fail
under ``NEURONS_REQUIRE_BROWSER=1``, as .ci/run runs them). Set ``NEURONS_CHROMIUM`` to use
another Chromium binary.

``open_page(browser, path)`` opens a file in a new page and records what the page did:
its console messages, its page errors, every request it made, and every dialog it tried
to open (each dismissed at once).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("NEURONS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's notes advise: no background connections (the network is closed here).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class Opened:
    """A page and what it did since it was opened."""

    page: Any
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def _missing(reason: str) -> None:
    """Skip, or fail where the browser is required (``NEURONS_REQUIRE_BROWSER=1``, which
    .ci/run sets: there a missing browser is a broken set-up, not a reason to skip)."""
    if os.environ.get("NEURONS_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module."""
    try:
        from playwright import sync_api
    except ImportError:
        _missing("no Playwright: pip install -e '.[browser]'")
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def open_page(browser: Any, path: Path, *, width: int = 1280, height: int = 900) -> Opened:
    """Open ``path`` (a file) in a new page of its own context and record what it does."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    opened = Opened(page)
    page.on("console", lambda m: opened.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("request", lambda r: opened.requests.append(r.url))

    def dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_load_state("load")
    return opened
