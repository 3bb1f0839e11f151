"""Command line: ``python -m neurons tour`` runs the demo tour (see :mod:`neurons.tour`);
``python -m neurons tour --notebooks DIR`` runs each demo as a notebook and keeps them in DIR."""

import sys

from .tour import main as tour

USAGE = "usage: python -m neurons tour [--notebooks DIR]"


def main(argv: list[str]) -> int:
    if argv == ["tour"]:
        return tour()
    if len(argv) == 3 and argv[:2] == ["tour", "--notebooks"]:
        return tour(notebooks=argv[2])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
