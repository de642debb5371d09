"""Bytes that are not UTF-8, typed or pasted into a real terminal, never kill the call.

Textual's input thread decodes strictly (https://github.com/Textualize/textual/issues/6456);
callmate.tui.input_decoding makes bad bytes replacement characters. Run through a real pty,
since the headless test driver never decodes bytes at all.
"""

from __future__ import annotations

from tests.pty_app import call_past_first_question, stored_answers, wait_for


def test_latin1_bytes_become_replacement_characters_and_the_call_goes_on(
    tmp_path, small_playbook_path
):
    data = tmp_path / "data"
    app = call_past_first_question(data, small_playbook_path)
    try:
        app.write(b"caf\xe9 \xff late deliveries")  # Latin-1 and a byte no encoding has
        app.write(b"\r")
        assert wait_for(lambda: "problems" in stored_answers(data), timeout=15), app.text()[-2000:]
        assert app.proc.poll() is None
        app.write(b"no second site\r")  # keys still work after the bad bytes

        def items() -> list[str]:
            answer = stored_answers(data).get("problems")
            return [i.text for i in answer.value] if answer else []

        assert wait_for(lambda: len(items()) == 2, timeout=15), items()
    finally:
        app.close()
    assert "Traceback" not in app.text()
    assert items() == ["caf\ufffd \ufffd late deliveries", "no second site"]
