"""``python -m desktop.cli`` — same as the ``tiaojie`` command."""

import sys

from desktop.cli import main

sys.exit(main())
