"""Entry script of the frozen build: the same `main` as the dmp-desktop command (dmp_desktop.cli:main)."""

import multiprocessing
import sys

from dmp_desktop.cli import main

if __name__ == "__main__":
    # A frozen Windows exe re-runs itself for multiprocessing children; this stops them re-entering main.
    multiprocessing.freeze_support()
    sys.exit(main())
