"""The wheel (what pipx and both installers install) carries every package, the migrations and resources."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from ecodesk import __version__
from ecodesk.resources_util import ICON_SIZES

REPO = Path(__file__).resolve().parents[1]


def test_pyproject_lists_every_subpackage() -> None:
    """pyproject lists packages by hand (migrations/ and resources/ are mapped in); none may be forgotten."""
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "ecodesk").rglob("__init__.py")}
    # the mapped folders' subfolders (of data files, or migration scripts) ship only as packages of their own
    on_disk |= {".".join(("ecodesk", *d.relative_to(REPO).parts)) for top in ("migrations", "resources")
                for d in (REPO / top).rglob("*") if d.is_dir() and d.name != "__pycache__"}
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"


def test_wheel_includes_migrations_and_resources(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
                    "-w", str(tmp_path), str(REPO)], check=True, timeout=600)
    wheel = tmp_path / f"ecodesk-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "ecodesk/cli.py",
        "ecodesk/selftest.py",
        "ecodesk/migrations/env.py",
        "ecodesk/migrations/script.py.mako",
        "ecodesk/resources/ecodesk.svg",
        "ecodesk/resources/ecodesk.ico",
        "ecodesk/resources/samples/xinjian-2021-gongzuoyaodian.txt",
        *(f"ecodesk/resources/icons/ecodesk-{size}.png" for size in ICON_SIZES),
    }
    assert expected <= names, sorted(expected - names)
    shipped = {Path(n).name for n in names if n.startswith("ecodesk/migrations/versions/") and n.endswith(".py")}
    assert shipped == {p.name for p in (REPO / "migrations" / "versions").glob("*.py")}
    entry_points = zipfile.ZipFile(wheel).read(f"ecodesk-{__version__}.dist-info/entry_points.txt").decode()
    assert "ecodesk = ecodesk.cli:main" in entry_points
    assert "ecodesk-gui = ecodesk.cli:gui_main" in entry_points
