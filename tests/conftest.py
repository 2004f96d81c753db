"""Shared fixtures: the tests run with their own EVENT_ATLAS_HOME, never the user's.

One home for the whole session, so the gazetteer index is compiled once; tests that need an
empty store open one at a ``tmp_path`` of their own.
"""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session", autouse=True)
def atlas_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("atlas-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EVENT_ATLAS_HOME", str(home))
        yield home


@pytest.fixture
def shared_data():
    """``../shared/data`` when it exists; the test is skipped otherwise."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not available")
    return data
