"""Fixtures for the plan import tests: the real sample documents beside the repository, and copies of them
in other formats made by LibreOffice once per test session."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# Copies are made at test time rather than committed: they follow the samples, and the .doc/.rtf/.xls
# imports need LibreOffice anyway; tests/run installs it (libreoffice-writer-nogui, -calc-nogui).
Convert = Callable[[Path, str], Path]


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """../shared/samples relative to the repository root: the published plans used as test data."""
    return REPO_ROOT / ".." / "shared" / "samples"


def libreoffice_convert(source: Path, fmt: str, folder: Path) -> Path:
    """`source` converted by LibreOffice to `fmt` (pdf, doc, rtf, xls) in `folder`, with a profile there."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is needed: bash tests/run installs it"
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=300)
    return folder / f"{source.stem}.{fmt}"


@pytest.fixture(scope="session")
def office_copy(tmp_path_factory: pytest.TempPathFactory) -> Convert:
    """office_copy(file, "pdf"): the file in that format, converted once per session."""
    made: dict[tuple[Path, str], Path] = {}

    def convert(source: Path, fmt: str) -> Path:
        key = (source.resolve(), fmt)
        if key not in made:
            made[key] = libreoffice_convert(source, fmt, tmp_path_factory.mktemp(f"lo-{fmt}"))
        return made[key]

    return convert
