"""`ecodesk import` on a real published plan: dry run writes nothing, a second import needs --replace."""

import io
import json

from openpyxl import Workbook

from tests.conftest import run_cli
from tests.io.zips import members, with_member


def test_import_dry_run_replace_and_export(tmp_path, samples_dir) -> None:
    db = tmp_path / "imp.sqlite"
    doc = samples_dir / "xinjian-2021-gongzuoyaodian.docx"
    dry = run_cli("import", str(doc), "--dry-run", db=db)
    assert dry.returncode == 0, dry.stderr
    assert "任务 58 项" in dry.stdout and "试运行" in dry.stdout
    assert run_cli("plan", "list", db=db).stdout.strip() == "（还没有年度工作要点）"

    first = run_cli("import", str(doc), db=db)
    assert first.returncode == 0, first.stderr
    assert "已导入 2021 年工作要点" in first.stdout
    again = run_cli("import", str(samples_dir / "xinjian-2021-gongzuoyaodian.txt"), db=db)
    assert again.returncode == 2 and "--replace" in again.stderr
    replaced = run_cli("import", str(samples_dir / "xinjian-2021-gongzuoyaodian.txt"), "--replace", db=db)
    assert replaced.returncode == 0, replaced.stderr
    assert list((tmp_path / "backups").glob("*-before-replace.sqlite"))

    out = tmp_path / "plan.json"
    assert run_cli("export", "json", "-o", str(out), db=db).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["plan"]["bureau"] == "南昌市新建生态环境局"
    assert len(data["targets"]) == 10
    first_item = data["tasks"][0]["children"][0]["children"][0]
    assert (first_item["title"], first_item["lead_units"], first_item["co_units"]) == (
        "编制实施“十四五”全区生态环境规划", ["综合股"], ["监测站"],
    )


def test_import_of_a_bad_file_is_one_message_and_changes_nothing(tmp_path) -> None:
    db = tmp_path / "imp.sqlite"
    fake = tmp_path / "plan.docx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    result = run_cli("import", str(fake), db=db)
    assert result.returncode == 2
    assert "plan.docx" in result.stderr and "Traceback" not in result.stderr
    assert run_cli("plan", "list", db=db).stdout.strip() == "（还没有年度工作要点）"



def test_import_of_a_workbook_cut_in_half_names_the_part(tmp_path) -> None:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    styles = members(buffer.getvalue())["xl/styles.xml"]
    path = tmp_path / "表.xlsx"
    path.write_bytes(with_member(buffer.getvalue(), "xl/styles.xml", styles[: len(styles) // 2]))
    result = run_cli("import", str(path), db=tmp_path / "imp.sqlite")
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("错误：文件“表.xlsx”已损坏：其中的“xl/styles.xml”不是完整的 XML（第 1 行第 ")


def test_openpyxl_warnings_do_not_reach_the_console(tmp_path) -> None:
    workbook = Workbook()
    workbook.active.append(["2021年工作要点"])
    workbook.active.append(["序号", "工作任务", "责任单位"])
    workbook.active.append([1, "开展监测。", "监测站"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # no cell styles: openpyxl warns “Workbook contains no stylesheet”
    empty_styles = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    path = tmp_path / "表.xlsx"
    path.write_bytes(with_member(buffer.getvalue(), "xl/styles.xml", empty_styles))
    result = run_cli("import", str(path), "--dry-run", db=tmp_path / "imp.sqlite")
    assert result.returncode == 0 and "任务 1 项" in result.stdout
    assert result.stderr == ""
