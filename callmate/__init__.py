"""callmate: a terminal call companion that walks a rep through a playbook to a next step."""

__version__ = "0.1.0"
