"""`ecodesk export notices`: the slips written into the folder and listed, the log filled; a second run as of
the same day refused in Chinese, without a traceback. Then `ecodesk export bulletin` writes the 通报."""

from __future__ import annotations

from pathlib import Path

from ecodesk.services.urgings import urging_log
from ecodesk.store.db import Database, open_database
from tests.conftest import run_cli
from tests.year_of_updates import ReportedYear


def test_export_notices_then_the_bulletin(db: Database, db_path: Path, reported_year: ReportedYear,
                                          tmp_path: Path) -> None:
    db.close()  # the command opens the file itself
    out = tmp_path / "督办"
    done = run_cli("export", "notices", "--as-of", "2021-06-30", "-o", str(out), db=db_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("督办〔2021〕第1号\t蓝单\t") and lines[-1].startswith("已发出督办通知单")
    files = sorted(out.iterdir())
    assert len(files) == len(lines) - 1 and files[0].name.startswith("督办〔2021〕第1号（")
    again = run_cli("export", "notices", "--as-of", "2021-06-30", "-o", str(tmp_path / "again"), db=db_path)
    assert again.returncode != 0 and "再次督办的截至日期须晚于该日" in again.stderr
    assert "Traceback" not in again.stderr and not (tmp_path / "again").exists()
    logged = open_database(str(db_path))
    try:
        assert len(urging_log(logged, reported_year.plan_id)) == len(files)
    finally:
        logged.close()
    bulletin = tmp_path / "通报.docx"
    done = run_cli("export", "bulletin", "--period", "2021-H1", "-o", str(bulletin), db=db_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"已导出：{bulletin}" and bulletin.is_file()
