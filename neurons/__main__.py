"""Command line: ``python -m neurons tour`` runs the demo tour (see :mod:`neurons.tour`);
``--notebooks DIR`` runs each demo as a notebook and keeps them in DIR, ``--out DIR`` writes
the pictures into DIR."""

from __future__ import annotations

import argparse
import sys

from .tour import main as tour

USAGE = "python -m neurons tour [--notebooks DIR] [--out DIR]"


def main(argv: list[str]) -> int:
    """Run the command ``argv`` (without the program's name); return its exit status."""
    parser = argparse.ArgumentParser(prog="python -m neurons", usage=USAGE,
                                     description="The demo tour of neurons.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("tour", usage=USAGE, help="run every demo, in teaching order")
    run.add_argument("--notebooks", metavar="DIR",
                     help="run each demo as a notebook and keep the executed notebooks in DIR")
    run.add_argument("--out", metavar="DIR",
                     help="write the pictures into DIR (default: the checkout's diagrams/, "
                          "or ./neurons-tour)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # argparse's usage message is printed; keep its status
        return int(done.code or 0)
    return tour(notebooks=args.notebooks, out=args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
