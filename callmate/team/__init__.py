"""The team side: calls pushed to a shared PostgreSQL database, team stats, published playbooks.

The local store stays the source of truth: a call never waits for the network. Only db.py (and
what calls it) imports psycopg, and only when a team command or a background push runs, so the
app's start-up does not pay for it. See README.md, "Team on PostgreSQL".
"""
