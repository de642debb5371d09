"""`python -m callmate` runs the same command line as the `callmate` script."""

from callmate.startup_trace import mark

mark("python up")
from callmate.cli import main  # noqa: E402

raise SystemExit(main())
