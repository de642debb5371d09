"""The format guides and schemas, installed as the `callmate.guides` package so that
`callmate docs` finds them after `pip install`, not only in a source checkout."""
