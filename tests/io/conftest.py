"""Fixtures for the plan import tests: the real sample documents beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """../shared/samples relative to the repository root: the published plans used as test data."""
    return REPO_ROOT / ".." / "shared" / "samples"
