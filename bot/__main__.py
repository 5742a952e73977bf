"""`python -m bot` and the `facilitator` command (pyproject.toml): the command line."""

import gc
import sys


def main() -> int:
    """Load the command line with the garbage collector off, then run it.

    Loading the libraries makes some 130,000 objects that live as long as the process, and
    the collector walked them over and over as they were made: a tenth of a second of every
    command. They are frozen once loaded, so no collection walks them again, with the
    little garbage loading leaves (some 1,700 objects): collecting that first would cost
    what freezing saves. `facilitator run` then keeps the collector off until the bot is up
    (bot/cli.py).
    """
    gc.disable()
    try:
        from bot.cli import main as run_command
    finally:
        gc.freeze()
        gc.enable()
    return run_command()


if __name__ == "__main__":
    sys.exit(main())
