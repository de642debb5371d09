"""The default data folder is platformdirs' answer, found without importing platformdirs."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from callmate.locations import data_dir


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux rule is ours")
@pytest.mark.parametrize("xdg", [None, "", "   ", "/srv/share"])
def test_the_linux_data_folder_is_the_one_platformdirs_gives(monkeypatch, xdg):
    monkeypatch.delenv("CALLMATE_DATA_DIR", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert str(data_dir()) == platformdirs.user_data_dir("callmate")
