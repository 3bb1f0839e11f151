"""Command line: ``python -m neurons tour`` runs the demo tour (see :mod:`neurons.tour`)."""

import sys

from .tour import main as tour

USAGE = "usage: python -m neurons tour"


def main(argv: list[str]) -> int:
    if argv != ["tour"]:
        print(USAGE, file=sys.stderr)
        return 2
    return tour()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
