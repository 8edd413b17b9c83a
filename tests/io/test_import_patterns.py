"""Patterns of real published plans (other bureaus' documents; the samples don't all have them): units
with role words after them, shared prefixes, “列第一位者为牵头部门”, a chapter's 总牵头, a rule for the items
that follow, deadlines in prose and quarter schedules, tables with a unit per line, repeated and skipped
序号, mixed brackets and ASCII punctuation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl

from ecodesk.io.plan_import import ImportResult, read_plan


def _read(tmp_path: Path, text: str) -> ImportResult:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return read_plan(path)


def _units(result: ImportResult, path: tuple[int, ...]) -> tuple[list[str], list[str]]:
    task = result.plan.find(path)
    return task.lead_units, task.co_units


def test_units_with_role_words_after_the_names(tmp_path: Path) -> None:
    result = _read(tmp_path, (
        "2021年全市生态环境保护工作要点\n一、重点任务\n"
        "1.推进清洁取暖。完成改造2万户（市生态环境局牵头，市发展改革委、工业和信息化局参与，各县区人民政府负责落实）。\n"
        "2.整治入河排污口〔市水务局牵头，市生态环境局配合〕。\n"
        "3.开展联合执法。（由市公安局牵头督导，市交通运输局协助）\n"
        "4.建设监测站点(市生态环境局牵头,市财政局参与)\n"
        "5.治理扬尘（含配套管网）。\n"
        "6.推进督察整改（积极配合）。\n"
    ))
    first = result.plan.find((1, 1))
    assert (first.title, first.measures) == ("推进清洁取暖", "完成改造2万户。")
    assert _units(result, (1, 1)) == (["市生态环境局"], ["市发展改革委", "市工业和信息化局", "各县区人民政府"])
    assert _units(result, (1, 2)) == (["市水务局"], ["市生态环境局"])
    assert result.plan.find((1, 2)).title == "整治入河排污口"
    assert _units(result, (1, 3)) == (["市公安局"], ["市交通运输局"])
    assert _units(result, (1, 4)) == (["市生态环境局"], ["市财政局"])
    assert result.plan.find((1, 5)).title == "治理扬尘（含配套管网）"
    assert _units(result, (1, 5)) == ([], [])
    assert (result.plan.find((1, 6)).title, _units(result, (1, 6))) == ("推进督察整改（积极配合）", ([], []))
    assert "各县区人民政府" not in [u.name for u in result.plan.units]


def test_a_shared_level_prefix_belongs_to_every_department(tmp_path: Path) -> None:
    result = _read(tmp_path, (
        "2021年工作要点\n一、任务\n1.推进节能。（责任单位：市发展和改革局、工业和信息化局、各县区人民政府）\n"
        "2.整治河道。（牵头单位：区水利局；配合单位：农业农村局、综合股）\n"
    ))
    assert _units(result, (1, 1)) == (["市发展和改革局"], ["市工业和信息化局", "各县区人民政府"])
    assert _units(result, (1, 2)) == (["区水利局"], ["农业农村局", "综合股"])


def test_first_listed_is_the_lead_where_the_plan_says_so(tmp_path: Path) -> None:
    result = _read(tmp_path, (
        "2021年工作要点\n一、任务\n"
        "1.推进节能。（市发展改革委、市生态环境局，列第一位者为牵头部门，下同）\n"
        "2.整治河道（市水利局、市农业农村局、市生态环境局）。\n"
    ))
    assert _units(result, (1, 1)) == (["市发展改革委"], ["市生态环境局"])
    assert result.plan.find((1, 1)).measures == ""
    assert _units(result, (1, 2)) == (["市水利局"], ["市农业农村局", "市生态环境局"])
    assert result.plan.find((1, 2)).title == "整治河道"


def test_bare_unit_brackets_stay_text_without_the_note(tmp_path: Path) -> None:
    result = _read(tmp_path, "2021年工作要点\n一、任务\n1.整治河道（市水利局、市农业农村局）。\n")
    assert result.plan.find((1, 1)).title == "整治河道（市水利局、市农业农村局）"


def test_a_chapter_lead_is_inherited_by_its_items(tmp_path: Path) -> None:
    result = _read(tmp_path, (
        "2021年全省生态环境工作要点\n一、加快调整能源结构（省发改委总牵头）\n"
        "1.控制煤炭消费总量。（省能源局参与）\n2.发展清洁能源。\n3.淘汰燃煤锅炉（省市场监管局牵头）\n"
        "二、推进交通运输结构调整\n1.推进公转铁。\n"
    ))
    chapter = result.plan.tasks[0]
    assert (chapter.title, chapter.lead_units) == ("加快调整能源结构", ["省发改委"])
    assert _units(result, (1, 1)) == (["省发改委"], ["省能源局"])
    assert _units(result, (1, 2)) == (["省发改委"], [])
    assert _units(result, (1, 3)) == (["省市场监管局"], [])
    assert _units(result, (2, 1)) == ([], [])


def test_a_rule_for_the_following_items(tmp_path: Path) -> None:
    result = _read(tmp_path, (
        "2021年工作要点\n一、深入打好污染防治攻坚战\n（以下各项工作均需各县区人民政府负责落实，不再列出）\n"
        "1.治理工业炉窑（市生态环境局牵头）。\n2.整治黑臭水体（市住房城乡建设局牵头）。\n"
        "二、其他工作\n1.加强督察（市生态环境局牵头）。\n"
        "2.开展宣传（以下各项工作均由市委宣传部牵头，不再列出）。\n3.组织培训。\n4.评选先进（市生态环境局牵头）。\n"
    ))
    assert result.plan.tasks[0].title == "深入打好污染防治攻坚战"
    assert _units(result, (1, 1)) == (["市生态环境局"], ["各县区人民政府"])
    assert _units(result, (1, 2)) == (["市住房城乡建设局"], ["各县区人民政府"])
    assert _units(result, (2, 1)) == (["市生态环境局"], [])
    assert result.plan.find((2, 2)).title == "开展宣传"
    assert _units(result, (2, 3)) == (["市委宣传部"], [])
    assert _units(result, (2, 4)) == (["市生态环境局"], [])
    assert result.unplaced == []


def test_deadlines_in_prose_and_quarter_schedules(tmp_path: Path) -> None:
    result = _read(tmp_path, (
        "2019年工作要点\n一、任务\n"
        "1.推进污水处理厂建设。2019年6月底前，完成选址；2019年9月底前，基本完成主体工程。\n"
        "2.建设监控平台。年内，建成并投入使用。\n"
        "3.开展专项执法。一季度：制定方案；二季度：全面排查；三季度：集中整治。\n"
        "4.完成方案编制。6月底前完成初稿，9月30日前报批。\n"
        "5.年内完成验收。\n"
    ))
    deadlines = [result.plan.find((1, n)).deadline for n in range(1, 6)]
    assert [(d.date, d.text) if d else None for d in deadlines] == [
        (dt.date(2019, 9, 30), "2019年9月底前"),
        (dt.date(2019, 12, 31), "年内"),
        (dt.date(2019, 9, 30), "三季度"),
        None,
        None,
    ]
    assert result.plan.find((1, 1)).measures == "2019年6月底前，完成选址；2019年9月底前，基本完成主体工程。"


def test_table_cells_with_one_unit_per_line(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("2021年重点工作任务分解表")
    rows = [("序号", "工作任务", "牵头单位", "配合单位", "完成时限"),
            ("1", "整治排污口", "市生态环境局", "市水务局\n市农业农村局\n各县区人民政府", "2021年\n6月底前")]
    table = document.add_table(rows=2, cols=5)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    path = tmp_path / "table.docx"
    document.save(str(path))
    book = openpyxl.Workbook()
    book.active.append(["2021年重点工作任务分解表"])
    for values in rows:
        book.active.append(list(values))
    book.save(tmp_path / "table.xlsx")
    for source in (path, tmp_path / "table.xlsx"):
        result = read_plan(source)
        task = result.plan.find((1,))
        assert (task.title, task.lead_units) == ("整治排污口", ["市生态环境局"])
        assert task.co_units == ["市水务局", "市农业农村局", "各县区人民政府"]
        assert task.deadline.date == dt.date(2021, 6, 30)
        assert task.measures == "" and result.unplaced == []


def test_repeated_and_skipped_numbers_and_mixed_brackets(tmp_path: Path) -> None:
    result = _read(tmp_path, (
        "2021年工作要点\n一、大气\n(一)工业\n1.甲。\n1.乙。\n4.丙。\n（二）扬尘\n3.丁。\n"
        "三、水\n(三)河道\n1.戊。\n"
    ))
    plan = result.plan
    assert [t.title for t in plan.tasks] == ["大气", "水"]
    assert [t.title for t in plan.find((1, 1)).children] == ["甲", "乙", "丙"]
    assert [t.number for t in plan.find((1, 1)).children] == ["1.", "2.", "3."]
    assert [t.title for t in plan.tasks[0].children] == ["工业", "扬尘"]
    assert plan.find((2, 1, 1)).title == "戊"
    assert result.unplaced == []


def test_ascii_punctuation_from_web_copies(tmp_path: Path) -> None:
    result = _read(tmp_path, (
        "2021年工作要点\n一.重点任务\n(一)大气治理\n1.推进治理;完成10家企业整治.(牵头单位:综合股;配合单位:生态股,监测站;"
        "完成时限:2021年6月底前)\n2)加强监管:开展检查.\n"
    ))
    task = result.plan.find((1, 1, 1))
    assert (task.title, task.measures) == ("推进治理", "完成10家企业整治.")
    assert (task.lead_units, task.co_units) == (["综合股"], ["生态股", "监测站"])
    assert task.deadline.date == dt.date(2021, 6, 30)
    assert result.plan.find((1, 1, 1, 1)).title == "加强监管:开展检查."


def test_a_deadline_among_the_units_of_a_bracket(tmp_path: Path) -> None:
    result = _read(tmp_path, (
        "2021年全市生态环境保护工作要点\n一、重点任务\n"
        "1.淘汰燃煤锅炉（市生态环境局牵头，市发展改革委配合，2021年6月底前完成）\n"
        "2.整治入河排污口（三季度末前完成，市水务局负责）\n"
        "3.编制规划（2021年6月底前完成）\n"
    ))
    first, second, third = (result.plan.find((1, n)) for n in (1, 2, 3))
    assert (first.title, first.lead_units, first.co_units) == ("淘汰燃煤锅炉", ["市生态环境局"], ["市发展改革委"])
    assert first.deadline is not None and (first.deadline.date, first.deadline.text) == (dt.date(2021, 6, 30),
                                                                                       "2021年6月底前")
    assert second.deadline is not None and second.deadline.date == dt.date(2021, 9, 30)
    assert second.lead_units == ["市水务局"]
    assert (third.title, third.lead_units, third.deadline) == ("编制规划", [], first.deadline)
