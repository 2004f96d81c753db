"""Shared fixtures: every test runs with its own EVENT_ATLAS_HOME, never the user's."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def atlas_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("atlas-home")
    monkeypatch.setenv("EVENT_ATLAS_HOME", str(home))
    return home


@pytest.fixture
def shared_data():
    """``../shared/data`` when it exists; the test is skipped otherwise."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not available")
    return data
