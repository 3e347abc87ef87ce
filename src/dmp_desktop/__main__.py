"""`python -m dmp_desktop`: same as the dmp-desktop command."""

import sys

from dmp_desktop.cli import main

sys.exit(main())
