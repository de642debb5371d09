"""After the call: follow-ups, summaries, calendar and email exports, import and stats.

Plain functions over stored records (and the index for follow-ups); the `callmate` commands in
callmate/commands/after_call.py only parse arguments and print.
"""
