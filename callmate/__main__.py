"""`python -m callmate` runs the same command line as the `callmate` script."""

from callmate.cli import main

raise SystemExit(main())
