"""One module per group of `callmate` subcommands: each returns an exit code."""
