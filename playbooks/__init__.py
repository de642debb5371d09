"""The playbooks that ship with callmate, installed as the `callmate.bundled` package."""
