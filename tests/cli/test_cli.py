"""The command line end to end, in a subprocess, as a clerk or a script would run it."""

import csv
import json
import re
import unicodedata

import pytest

from tests.conftest import run_cli


def test_plan_units_tasks_progress_and_json_export(tmp_path) -> None:
    db = tmp_path / "cli.sqlite"
    steps = [
        ("plan", "new", "--year", "2021", "--title", "南昌市新建生态环境局2021年生态环境工作要点",
         "--bureau", "南昌市新建生态环境局"),
        ("unit", "add", "综合股"),
        ("unit", "add", "生态股"),
        ("task", "add", "--title", "深入打好污染防治攻坚战"),
        ("task", "add", "--parent", "1", "--title", "推进大气污染防治", "--lead", "综合股", "--co", "生态股",
         "--deadline", "2021-06-30", "--deadline-text", "6月底前"),
        ("task", "add", "--year", "2021", "--parent", "1", "--title", "推进水污染防治", "--deadline-text", "长期坚持"),
        ("progress", "add", "1.1", "--text", "完成方案", "--date", "2021-05-01", "--percent", "50", "--unit", "综合股"),
        ("task", "status", "1.2", "已完成"),
    ]
    for step in steps:
        result = run_cli(*step, "--db", str(db))
        assert result.returncode == 0, (step, result.stderr)
    listing = run_cli("task", "list", "--db", str(db), "--unit", "综合股")
    assert "1.1\t  （一）推进大气污染防治" in listing.stdout
    assert "推进水污染防治" not in listing.stdout
    overdue = run_cli("task", "list", "--db", str(db), "--overdue", "--today", "2021-07-01")
    assert "推进大气污染防治\t已滞后" in overdue.stdout and "共 1 项" in overdue.stdout

    out = tmp_path / "plan.json"
    assert run_cli("export", "json", "-o", str(out), db=db).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["plan"] == {"year": 2021, "title": "南昌市新建生态环境局2021年生态环境工作要点",
                            "bureau": "南昌市新建生态环境局", "draft": False}
    assert data["units"] == ["综合股", "生态股"]
    [chapter] = data["tasks"]
    assert chapter["number"] == "一、"
    air, water = chapter["children"]
    assert air == {
        "number": "一（一）", "title": "推进大气污染防治", "measures": "", "lead_units": ["综合股"],
        "co_units": ["生态股"], "deadline": "2021-06-30", "deadline_text": "6月底前", "deadline_shown": "6月底前",
        "extensions": [], "carried_from": None, "status": "推进中",
        "percent": 50, "progress": [{"date": "2021-05-01", "text": "完成方案", "percent": 50, "unit": "综合股"}],
        "children": [],
    }
    assert (water["deadline"], water["deadline_text"], water["status"]) == (None, "长期坚持", "已完成")


def test_errors_are_one_chinese_line_and_exit_2(tmp_path) -> None:
    db = tmp_path / "err.sqlite"
    assert run_cli("plan", "new", "--year", "2021", db=db).returncode == 0
    cases = [
        (("task", "list", "--year", "2030"), "没有 2030 年的工作要点"),
        (("task", "add", "--title", "x", "--lead", "监测站"), "未知的股室“监测站”"),
        (("task", "add", "--title", "x", "--deadline", "2021-02-30"), "完成时限“2021-02-30”无效"),
        (("task", "status", "9", "已完成"), "没有编号路径为 9 的任务"),
        (("task", "status", "1", "完了"), "未知的状态“完了”"),
        (("plan", "new", "--year", "2021"), "2021 年的工作要点已存在"),
        (("task", "list", "--year", "abc"), "命令参数有误"),
    ]
    for args, message in cases:
        result = run_cli(*args, db=db)
        assert result.returncode == 2, (args, result.stdout)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) <= 2


def test_typed_brackets_are_stored_as_typed(tmp_path) -> None:
    db = tmp_path / "brackets.sqlite"
    assert run_cli("unit", "add", "环境监测站（临时）", db=db).returncode == 0
    again = run_cli("unit", "add", "环境监测站(临时)", db=db)
    assert again.returncode == 2 and "已存在" in again.stderr
    assert run_cli("unit", "list", db=db).stdout.splitlines() == ["环境监测站（临时）"]
    assert run_cli("plan", "new", "--year", "2021", db=db).returncode == 0
    added = run_cli("task", "add", "--title", "监测", "--lead", "环境监测站(临时)", "--deadline-text",
                    "6月底前（视情况）", db=db)
    assert added.returncode == 0, added.stderr
    listing = run_cli("task", "list", db=db).stdout
    assert "6月底前（视情况）\t牵头：环境监测站（临时）" in listing


def test_usage_errors_are_worded_in_chinese(tmp_path) -> None:
    db = tmp_path / "err.sqlite"
    cases = [
        (("task", "list", "--year", "abc"), "参数 --year：'abc' 不是整数"),
        (("frobnicate",), "'frobnicate' 不是可选的值（可选："),
        (("task", "add"), "缺少参数 --title"),
        (("task", "status"), "缺少参数 编号, 状态"),
        (("plan", "new", "--year", "2021", "--colour", "red"), "无法识别的参数 --colour red"),
        (("plan", "new", "--year"), "参数 --year：需要一个值"),
    ]
    for args, message in cases:
        result = run_cli(*args, db=db)
        assert result.returncode == 2, (args, result.stdout)
        assert message in result.stderr, (args, result.stderr)
        assert not re.search(r"invalid|required|unrecognized|expected|argument", result.stderr), result.stderr


@pytest.mark.parametrize("command", [[], ["task"], ["task", "list"], ["export", "report"]])
def test_help_is_chinese(command: list[str]) -> None:
    """argparse's own headings and its -h/--help line are English in Python; the clerk reads them in Chinese."""
    result = run_cli(*command, "--help")
    assert result.returncode == 0 and result.stdout.startswith(f"用法：ecodesk {' '.join(command)}".rstrip())
    assert "-h, --help" in result.stdout and "显示本帮助并退出" in result.stdout
    for english in ("usage:", "options:", "positional arguments", "show this help", "show program's version"):
        assert english not in result.stdout
    assert result.stdout.count("\n选项：\n") == 1 and not re.search(r"^\S.*:$", result.stdout, flags=re.MULTILINE)


def test_every_argument_of_every_command_says_what_it_is_in_chinese() -> None:
    """--help lists each argument with a line of Chinese beside it, and names the value an option takes in
    Chinese (--year 年份, not YEAR); only a fixed set of choices is shown as the words to type."""
    from ecodesk.cli import all_arguments, build_parser, takes_named_value

    arguments = [(f"{command} {'/'.join(action.option_strings) or action.metavar}", action)
                 for command, action in all_arguments(build_parser())]
    assert [name for name, action in arguments if not action.help] == []
    assert [f"{name} {action.metavar}" for name, action in arguments
            if takes_named_value(action) and re.search(r"[A-Za-z]", action.metavar or "?")] == []


def test_help_lines_up_chinese_argument_names_with_the_options() -> None:
    """编号 and 状态 take two terminal columns a character: their help starts in the column of -h's."""
    lines = run_cli("task", "status", "--help").stdout.splitlines()

    def help_column(line: str) -> int:
        name, gap, _help = re.match(r"^(  \S+?(?:, \S+)?)( {2,})(\S.*)$", line).groups()  # type: ignore[union-attr]
        return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in name) + len(gap)

    number, options = next(line for line in lines if line.startswith("  编号")), next(
        line for line in lines if line.startswith("  -h, --help"))
    assert help_column(number) == help_column(options)


def test_default_database_needs_no_configuration(tmp_path) -> None:
    import os

    env_home = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    old = {k: os.environ.get(k) for k in env_home}
    os.environ.update(env_home)
    os.environ.pop("ECODESK_DB", None)
    try:
        result = run_cli("plan", "list")
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "EcoDesk" / "ecodesk.sqlite").is_file()


def test_version() -> None:
    from ecodesk import __version__

    result = run_cli("--version")
    assert result.stdout.strip() == f"EcoDesk {__version__}"


def test_audit_csv_keeps_formula_like_text_text(tmp_path) -> None:
    """The CSV opens in Excel too: what a clerk typed must not run there as a formula (OWASP CSV injection)."""
    db = tmp_path / "audit.sqlite"
    titles = ["=cmd|' /C calc'!A0", "@SUM(1+1)", '=HYPERLINK("http://example.com","点击")', "+86 热线", "-1 项"]
    assert run_cli("plan", "new", "--year", "2021", db=db).returncode == 0
    for title in titles:
        assert run_cli("task", "add", "--title", title, db=db).returncode == 0
    out = tmp_path / "修改记录.csv"
    result = run_cli("audit", "-o", str(out), db=db)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as fh:
        written = [row[7] for row in csv.reader(fh)][1:]
    assert [f"'{t}" for t in titles] == [value for value in written if value.lstrip("'") in titles]
    assert not any(value.startswith(("=", "+", "-", "@")) for value in written)


def test_task_edit_changes_only_the_fields_given(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "edit.sqlite"
    for args in (("plan", "new", "--year", "2021"), ("unit", "add", "综合股"), ("unit", "add", "生态股"),
                 ("task", "add", "--title", "推进大气污染防治", "--measures", "原措施", "--lead", "综合股")):
        assert run_cli(*args, db=db).returncode == 0
    edited = run_cli("task", "edit", "1", "--deadline", "6月底前", "--percent", "40", "--co", "生态股", db=db)
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout.strip() == "已修改任务 1（推进大气污染防治）：完成进度、完成时限、配合单位"
    run_cli("task", "edit", "1", "--deadline", "2021-09-30", "--title", "深入推进大气污染防治", db=db)
    out = db.with_name("plan.json")
    assert run_cli("export", "json", "-o", str(out), db=db).returncode == 0
    [task] = json.loads(out.read_text(encoding="utf-8"))["tasks"]
    assert (task["title"], task["measures"], task["percent"]) == ("深入推进大气污染防治", "原措施", 40)
    assert (task["lead_units"], task["co_units"], task["deadline"]) == (["综合股"], ["生态股"], "2021-09-30")


@pytest.mark.parametrize(("args", "says"), [(("--percent", "140"), "140"), (("--status", "完了"), "完了"),
                                            (("--lead", "不存在股"), "不存在股"), ((), "没有给出要修改的内容"),
                                            (("--deadline", "2021-02-30"), "完成时限")])
def test_task_edit_refuses_bad_values_naming_them_and_changes_nothing(tmp_path, args, says) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "edit.sqlite"
    for setup in (("plan", "new", "--year", "2021"), ("task", "add", "--title", "推进大气污染防治")):
        assert run_cli(*setup, db=db).returncode == 0
    before = run_cli("task", "list", db=db).stdout
    result = run_cli("task", "edit", "1", *args, db=db)
    assert result.returncode == 2 and says in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert run_cli("task", "list", db=db).stdout == before


def test_a_report_without_a_date_on_a_past_years_plan_is_dated_its_last_day(tmp_path) -> None:
    """As the window offers: today is outside a past year's plan, whose 全年 view would never show it."""
    import datetime as dt

    db = tmp_path / "late.sqlite"
    past = dt.date.today().year - 1
    for step in (("plan", "new", "--year", str(past)), ("task", "add", "--title", "推进大气污染防治"),
                 ("progress", "add", "1", "--text", "补报的进展")):
        result = run_cli(*step, db=db)
        assert result.returncode == 0, (step, result.stderr)
    assert f"已记录 {past}-12-31 的进展" in result.stdout
    today = dt.date.today().year
    assert run_cli("plan", "new", "--year", str(today), db=db).returncode == 0
    assert run_cli("task", "add", "--year", str(today), "--title", "今年的任务", db=db).returncode == 0
    now = run_cli("progress", "add", "1", "--year", str(today), "--text", "今天的进展", db=db)
    assert f"已记录 {dt.date.today().isoformat()} 的进展" in now.stdout
