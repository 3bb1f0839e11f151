"""The front page's quick start (``docs/quickstart.py``), run at every build.

It runs in ``_generated/quickstart/``, where it saves its picture; what it prints goes to
``output.txt`` there. The front page shows the script, that output and that picture, so
they cannot drift apart, and an error in the script fails the build.
"""

from __future__ import annotations

import contextlib
import io
import os
import runpy
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError


def run_quickstart(app: Sphinx) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    script = Path(app.srcdir) / "quickstart.py"
    folder = Path(app.srcdir) / "_generated" / "quickstart"
    folder.mkdir(parents=True, exist_ok=True)
    printed, here = io.StringIO(), Path.cwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(printed):
            runpy.run_path(str(script), run_name="__main__")
    except Exception as error:
        raise ExtensionError(f"docs/quickstart.py failed: {error!r}") from error
    finally:
        os.chdir(here)
        plt.close("all")
    output = folder / "output.txt"
    if not output.is_file() or output.read_text(encoding="utf-8") != printed.getvalue():
        output.write_text(printed.getvalue(), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", run_quickstart)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
