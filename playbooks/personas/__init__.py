"""Practice personas shipped with callmate (installed as callmate.bundled.personas)."""
