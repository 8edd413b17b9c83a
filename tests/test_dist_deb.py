"""Build the .deb, install it into a fresh directory root with dpkg, run the installed `ecodesk selftest`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ecodesk.resources_util import ICON_SIZES

REPO = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("dpkg-deb") is None or not Path("/usr/bin/python3").exists(),
                       reason="needs Debian's dpkg and /usr/bin/python3 (with python3-venv)"),
]


def dpkg(root: Path, *args: str) -> None:
    """dpkg on another root; maintainer scripts run outside a chroot and find the root in DPKG_ROOT."""
    subprocess.run(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-not-root", "--force-depends",
                    "--log=/dev/null", *args], check=True, capture_output=True, timeout=900)


def test_deb_installs_and_selftest_passes(tmp_path: Path) -> None:
    built = subprocess.run([str(REPO / "installer" / "build-deb"), "--out", str(tmp_path / "out")],
                           check=True, capture_output=True, text=True, timeout=1800)
    deb = Path(built.stdout.strip().splitlines()[-1])
    root = tmp_path / "root"
    for folder in ("info", "updates"):
        (root / "var/lib/dpkg" / folder).mkdir(parents=True)
    for file in ("status", "available"):
        (root / "var/lib/dpkg" / file).touch()
    dpkg(root, "-i", str(deb))

    assert (root / "usr/share/applications/ecodesk.desktop").is_file()
    assert (root / "usr/share/icons/hicolor/scalable/apps/ecodesk.svg").is_file()
    for size in ICON_SIZES:
        assert (root / f"usr/share/icons/hicolor/{size}x{size}/apps/ecodesk.png").is_file()
    assert "/opt/ecodesk/venv/bin/ecodesk " in (root / "usr/bin/ecodesk").read_text()

    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    result = subprocess.run([str(root / "opt/ecodesk/venv/bin/ecodesk"), "selftest"], capture_output=True,
                            text=True, env=env, cwd=tmp_path, timeout=600)
    assert "site-packages/ecodesk/resources" in result.stdout, "selftest must run the installed copy"

    data = home / ".local/share/EcoDesk"
    data.mkdir(parents=True)
    (data / "ecodesk.sqlite").write_bytes(b"the clerk's data")
    dpkg(root, "--purge", "ecodesk")
    assert not (root / "opt/ecodesk").exists()
    assert (data / "ecodesk.sqlite").read_bytes() == b"the clerk's data"

    assert result.returncode == 0, result.stdout + result.stderr  # last: its failures name what is missing
    assert result.stdout.rstrip().endswith("OK")
