"""The `summarizer` console script: Ctrl-C at any moment, imports included, exits 130 quietly."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the CLI; an interrupt before the command's own handler exits 130 without a traceback."""
    try:
        from .cli import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
