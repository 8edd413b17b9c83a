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


def _other_bureaus_plan(tmp_path, bureau: str = "南昌市湾里生态环境局"):
    doc = tmp_path / f"{bureau}.txt"
    doc.write_text(f"{bureau}2021年生态环境工作要点\n一、深入打好污染防治攻坚战\n1. 推进大气污染防治\n"
                   "2. 推进水污染防治\n", encoding="utf-8")
    return doc


def test_replace_with_a_document_naming_another_bureau_replaces_the_years_plan(tmp_path, samples_dir) -> None:
    db = tmp_path / "imp.sqlite"
    assert run_cli("import", str(samples_dir / "xinjian-2021-gongzuoyaodian.docx"), db=db).returncode == 0
    replaced = run_cli("import", str(_other_bureaus_plan(tmp_path)), "--replace", db=db)
    assert replaced.returncode == 0, replaced.stderr
    assert "已替换原有的 2021 年工作要点“南昌市新建生态环境局2021年生态环境工作要点”（南昌市新建生态环境局）" \
        in replaced.stdout
    assert "文档中的单位“南昌市湾里生态环境局”" in replaced.stdout and "备份" in replaced.stdout
    listing = run_cli("plan", "list", db=db).stdout.strip().splitlines()
    assert listing == ["2021\t3 项任务\t南昌市新建生态环境局\t南昌市湾里生态环境局2021年生态环境工作要点"]
    tasks = run_cli("task", "list", "--year", "2021", db=db)
    assert tasks.returncode == 0 and "共 3 项" in tasks.stdout


def test_two_plans_of_one_year_are_never_picked_silently(tmp_path) -> None:
    """Bureaus kept apart on purpose (plan new --bureau): --year names two plans, --bureau picks one."""
    db = tmp_path / "two.sqlite"
    for bureau in ("南昌市新建生态环境局", "南昌市湾里生态环境局"):
        assert run_cli("plan", "new", "--year", "2021", "--bureau", bureau, db=db).returncode == 0
    listed = run_cli("task", "list", "--year", "2021", db=db)
    assert listed.returncode == 2 and listed.stdout == ""
    assert listed.stderr.startswith("错误：数据库中有 2 个 2021 年的工作要点：")
    assert "（南昌市新建生态环境局）" in listed.stderr and "（南昌市湾里生态环境局）" in listed.stderr
    assert "--bureau" in listed.stderr and listed.stderr.count("\n") == 1
    assert run_cli("task", "list", db=db).returncode == 2  # no --year: the same refusal, not a pick
    added = run_cli("task", "add", "--year", "2021", "--bureau", "南昌市湾里生态环境局", "--title", "湾里的任务", db=db)
    assert added.returncode == 0, added.stderr
    assert "湾里的任务" in run_cli("task", "list", "--bureau", "南昌市湾里生态环境局", db=db).stdout

    doc = _other_bureaus_plan(tmp_path, "南昌市青山湖生态环境局")  # neither bureau: which one to replace?
    refused = run_cli("import", str(doc), "--replace", db=db)
    assert refused.returncode == 2 and "无法确定要替换哪一个" in refused.stderr and refused.stdout == ""
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("*before-replace*"))
    again = run_cli("import", str(_other_bureaus_plan(tmp_path)), "--replace", db=db)  # 湾里's own plan
    assert again.returncode == 0, again.stderr
    assert "已替换原有的 2021 年工作要点" in again.stdout and "（南昌市湾里生态环境局）" in again.stdout
    listing = run_cli("plan", "list", db=db).stdout
    assert "湾里的任务" not in run_cli("task", "list", "--bureau", "南昌市湾里生态环境局", db=db).stdout
    assert listing.count("2021\t") == 2 and "2021\t0 项任务\t南昌市新建生态环境局" in listing
