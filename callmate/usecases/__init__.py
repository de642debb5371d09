"""What a rep does with a call, written once: start, resume and end it, find the playbook it used,
build the practice partner, mark how a next step went.

`commands/` and `tui/` both call these functions, so each rule lives in one place. They use the
core and the store and never import Textual: a screen shows what they return.
"""
