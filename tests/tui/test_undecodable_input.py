"""Bytes that are not UTF-8, typed or pasted into a real terminal, never kill the call.

Textual's input thread decodes strictly (https://github.com/Textualize/textual/issues/6456);
callmate.tui.input_decoding makes bad bytes replacement characters. Run through a real pty,
since the headless test driver never decodes bytes at all.
"""

from __future__ import annotations

from tests.pty_app import PtyApp, stored_answers, wait_for


def test_latin1_bytes_become_replacement_characters_and_the_call_goes_on(
    tmp_path, small_playbook_path
):
    data = tmp_path / "data"
    app = PtyApp(
        ["call", "--playbook", str(small_playbook_path), "--prospect", "Pat Quill"],
        env={"CALLMATE_DATA_DIR": str(data)},
    )
    try:
        assert wait_for(lambda: (data / "calls").is_dir() and any((data / "calls").glob("*.json")))
        assert wait_for(lambda: app.output_size() > 2000)  # the call screen has drawn
        app.write(b"y\r")
        assert wait_for(lambda: "time_ok" in stored_answers(data))
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
