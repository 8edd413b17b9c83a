"""Fixtures shared by every test: real SQLite files in tmp, the sample documents, the CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ecodesk.store.db import Database, open_database

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "samples"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ECODESK_USER"] = "测试员"


@pytest.fixture
def samples_dir() -> Path:
    assert SAMPLES.is_dir(), f"sample documents expected at {SAMPLES}"
    return SAMPLES


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ecodesk.sqlite"


@pytest.fixture
def db(db_path: Path) -> Database:
    database = open_database(str(db_path))
    yield database
    database.close()


def run_cli(*args: str, db: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m ecodesk ARGS` the way a user runs `ecodesk ARGS`."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    if db is not None:
        env["ECODESK_DB"] = str(db)
    return subprocess.run([sys.executable, "-m", "ecodesk", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=cwd, timeout=120)
