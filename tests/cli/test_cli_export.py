"""`ecodesk export KIND` for every kind, from a plan imported from a real published document."""

import os
import subprocess

import docx
import openpyxl
import pytest

from tests.conftest import SAMPLES, run_cli


@pytest.fixture(scope="module")
def imported_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("export") / "plan.sqlite"
    result = run_cli("import", str(SAMPLES / "xinjian-2021-gongzuoyaodian.docx"), db=db)
    assert result.returncode == 0, result.stderr
    steps = [
        ("task", "status", "1.1.1", "已完成"),
        ("progress", "add", "1.1.2", "--text", "=专项规划已报审", "--date", "2021-05-10", "--percent", "60"),
    ]
    for step in steps:
        assert run_cli(*step, db=db).returncode == 0
    return db


def test_every_kind_exports_from_the_cli(imported_db, tmp_path) -> None:
    word = tmp_path / "要点.docx"
    assert run_cli("export", "word", "-o", str(word), "--no-deadlines", db=imported_db).returncode == 0
    text = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "南昌市新建生态环境局\n2021年生态环境工作要点" in text  # long titles break after the bureau
    assert "（牵头单位：综合股；配合单位：监测站）" in text

    excel = tmp_path / "进展.xlsx"
    result = run_cli("export", "excel", "-o", str(excel), "--as-of", "2021-06-30", db=imported_db)
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(excel).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "截至2021年6月30日" in "".join(str(v) for v in values).replace(" ", "")
    assert any(str(v).startswith("=专项规划已报审") or "=专项规划已报审" in str(v) for v in values)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

    units = tmp_path / "股室.xlsx"
    assert run_cli("export", "units", "-o", str(units), "--unit", "综合股", "监测站", db=imported_db).returncode == 0
    assert openpyxl.load_workbook(units).sheetnames == ["综合股", "监测站"]

    summary = tmp_path / "总结.docx"
    assert run_cli("export", "summary", "-o", str(summary), db=imported_db).returncode == 0
    heading = "".join(p.text for p in docx.Document(str(summary)).paragraphs[:3])
    assert "2021年工作总结" in heading

    report = tmp_path / "上半年.docx"
    assert run_cli("export", "report", "--period", "2021-H1", "-o", str(report), db=imported_db).returncode == 0
    assert docx.Document(str(report)).paragraphs[0].text.endswith("2021年上半年工作进展情况和下半年工作安排")


def test_export_errors_name_the_problem(imported_db, tmp_path) -> None:
    missing = tmp_path / "no-such-folder" / "x.docx"
    result = run_cli("export", "word", "-o", str(missing), db=imported_db)
    assert result.returncode == 2 and "不存在" in result.stderr
    result = run_cli("export", "units", "--unit", "监察股", "-o", str(tmp_path / "u.xlsx"), db=imported_db)
    assert result.returncode == 2 and "监察股" in result.stderr
    assert not list(tmp_path.glob("*.tmp"))


@pytest.fixture
def full_disk(tmp_path):
    """A real file system with 4 KiB left (a 64 KiB tmpfs, mounted as root; skipped otherwise)."""
    folder = tmp_path / "U盘"
    folder.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        filler = folder / "已有文件.bin"
        filler.write_bytes(b"x" * (60 * 1024))
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("kind", ["word", "excel", "json"])
def test_export_to_a_full_disk_says_so_in_chinese_and_leaves_no_file(imported_db, full_disk, kind) -> None:
    target = full_disk / f"导出.{ {'word': 'docx', 'excel': 'xlsx', 'json': 'json'}[kind] }"
    result = run_cli("export", kind, "-o", str(target), db=imported_db)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"错误：磁盘空间不足，无法保存“{target}”") and result.stderr.count("\n") == 1
    assert "No space" not in result.stderr
    assert sorted(p.name for p in full_disk.iterdir()) == ["已有文件.bin"]
