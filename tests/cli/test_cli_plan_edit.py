"""`ecodesk plan edit`: a plan's title and its bureau's name changed after the fact, and exports follow."""

import json

from tests.conftest import run_cli


def test_plan_edit_changes_title_and_bureau_for_the_exports(tmp_path) -> None:
    db = tmp_path / "edit.sqlite"
    assert run_cli("plan", "new", "--year", "2021", db=db).returncode == 0
    nothing = run_cli("plan", "edit", "--year", "2021", db=db)
    assert nothing.returncode == 2 and "请用 --title 或 --bureau" in nothing.stderr
    edited = run_cli("plan", "edit", "--year", "2021", "--bureau", "南昌市新建生态环境局",
                     "--title", "南昌市新建生态环境局2021年生态环境工作要点", db=db)
    assert edited.returncode == 0, edited.stderr
    assert "已修改 2021 年工作要点：南昌市新建生态环境局2021年生态环境工作要点（南昌市新建生态环境局）" in edited.stdout
    out = tmp_path / "plan.json"
    assert run_cli("export", "json", "-o", str(out), db=db).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["plan"] == {
        "year": 2021, "title": "南昌市新建生态环境局2021年生态环境工作要点", "bureau": "南昌市新建生态环境局",
        "draft": False}
    empty = run_cli("plan", "edit", "--year", "2021", "--title", "  ", db=db)
    assert empty.returncode == 2 and "计划标题不能为空" in empty.stderr
