"""Text plans: encodings, numbering styles, unit and deadline wording, web junk and run-on lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ecodesk.domain.errors import InputFileError
from ecodesk.domain.numbering import chinese_numeral
from ecodesk.io.plan_import import ImportResult, read_plan

PLAN = """某县生态环境局2021年生态环境工作要点
一、总体要求
坚持生态优先。
二、重点任务
（一）大气污染防治
1.推进工业治理。完成5家企业整治。（责任单位：综合股、生态股）
2．加强扬尘管控；落实六个百分百。（牵头单位：执法分局；配合单位：综合股、监测站；完成时限：2021年6月底前）
（二）水污染防治
1、开展排污口整治。
责任单位：水气股
完成时限：9月30日前
"""


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "plan.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _read(tmp_path: Path, text: str, **kwargs: object) -> ImportResult:
    return read_plan(_write(tmp_path, text), **kwargs)


ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_encodings(tmp_path: Path, encoding: str) -> None:
    plan = read_plan(_write(tmp_path, PLAN, encoding)).plan
    assert plan.title == "某县生态环境局2021年生态环境工作要点"
    assert plan.find((1, 1, 1)).title == "推进工业治理"


def test_units_and_deadline_wording(tmp_path: Path) -> None:
    plan = _read(tmp_path, PLAN).plan
    first = plan.find((1, 1, 1))
    assert (first.lead_units, first.co_units, first.measures) == (["综合股"], ["生态股"], "完成5家企业整治。")
    second = plan.find((1, 1, 2))
    assert second.title == "加强扬尘管控"
    assert (second.lead_units, second.co_units) == (["执法分局"], ["综合股", "监测站"])
    assert second.deadline is not None and second.deadline.date == dt.date(2021, 6, 30)
    assert second.measures == "落实六个百分百。"
    third = plan.find((1, 2, 1))
    assert third.lead_units == ["水气股"]
    assert third.deadline is not None and third.deadline.date == dt.date(2021, 9, 30)
    assert [u.name for u in plan.units] == ["综合股", "生态股", "执法分局", "监测站", "水气股"]
    assert plan.bureau == "某县生态环境局"
    assert "一、总体要求" in plan.preamble


@pytest.mark.parametrize(
    ("wording", "date", "text"),
    [
        ("（完成时限：年底前）", dt.date(2021, 12, 31), "年底前"),
        ("（完成时间：2022年9月30日前）", dt.date(2022, 9, 30), "2022年9月30日前"),
        ("(完成时限:第三季度)", dt.date(2021, 9, 30), "第三季度"),
        ("（完成时限：长期坚持）", None, "长期坚持"),
        ("（完成时限：6月底前完成方案编制）", dt.date(2021, 6, 30), "6月底前完成方案编制"),
    ],
)
def test_deadline_variants(tmp_path: Path, wording: str, date: dt.date | None, text: str) -> None:
    plan = _read(tmp_path, f"2021年工作要点\n一、任务\n1.开展工作。{wording}\n2.其他工作。\n").plan
    task = plan.find((1, 1))
    assert task.deadline is not None
    assert (task.deadline.date, task.deadline.text) == (date, text)
    assert "完成" not in task.measures
    assert plan.find((1, 2)).deadline is None


def test_dates_in_prose_are_not_deadlines(tmp_path: Path) -> None:
    text = "2021年工作要点\n一、任务\n1.开展工作。6月底前完成方案，2021年9月30日前验收。\n"
    plan = _read(tmp_path, text).plan
    assert plan.find((1, 1)).deadline is None


def test_impossible_deadline_is_reported(tmp_path: Path) -> None:
    result = _read(tmp_path, "2021年工作要点\n一、任务\n1.开展工作。（完成时限：2月30日）\n")
    task = result.plan.find((1, 1))
    assert task.deadline is not None and task.deadline.date is None
    assert result.unplaced == [(3, "完成时限“2月30日”不是有效日期")]
    assert result.summary_lines()[-1] == "第 3 行：完成时限“2月30日”不是有效日期"


@pytest.mark.parametrize(
    ("annotation", "lead", "co"),
    [
        ("（责任单位：综合股、生态股）", ["综合股"], ["生态股"]),
        ("(责任股室:综合股,生态股)", ["综合股"], ["生态股"]),
        ("（牵头单位：执法分局；配合单位：综合股、监测站）", ["执法分局"], ["综合股", "监测站"]),
        ("\n牵头单位：执法分局；配合单位：综合股、监测站", ["执法分局"], ["综合股", "监测站"]),
        ("\n责任股室：综合 股、生态股", ["综合股"], ["生态股"]),
        ("（责任单位：执法分局及相关业务股室）", ["执法分局"], ["相关业务股室"]),
        ("责任单位：办公室、各股室", ["办公室"], ["各股室"]),
    ],
)
def test_unit_variants(tmp_path: Path, annotation: str, lead: list[str], co: list[str]) -> None:
    plan = _read(tmp_path, f"2021年工作要点\n一、任务\n1.开展工作。{annotation}\n").plan
    task = plan.find((1, 1))
    assert (task.lead_units, task.co_units) == (lead, co)
    assert task.measures == ""
    assert all(not u.name.startswith(("各", "相关")) for u in plan.units)


def test_units_deduplicated_across_spelling(tmp_path: Path) -> None:
    text = (
        "2021年工作要点\n一、任务\n1.甲。（责任单位：综合股）\n"
        "2.乙。（责任单位：综合 股，）\n3.丙。（责任单位：ＡＢ股）\n"
    )
    plan = _read(tmp_path, text).plan
    assert [u.name for u in plan.units] == ["综合股", "AB股"]


def test_bracket_pairs_in_units_and_deadlines_are_kept(tmp_path: Path) -> None:
    text = (
        "2021年工作要点\n一、任务\n1.甲。（责任单位：生态股（法规）；完成时限：6月底前（视情况））\n"
        "2.乙。\n责任单位：环境监测站（临时）、生态股(法规)\n"
    )
    plan = _read(tmp_path, text).plan
    first, second = plan.find((1, 1)), plan.find((1, 2))
    assert (first.lead_units, first.measures, first.deadline.text) == (["生态股（法规）"], "", "6月底前（视情况）")
    assert (second.lead_units, second.co_units) == (["环境监测站（临时）"], ["生态股(法规)"])
    assert [u.name for u in plan.units] == ["生态股（法规）", "环境监测站（临时）"]


def test_web_junk_and_run_on_items(tmp_path: Path) -> None:
    text = (
        "分享到: 索引号: 123\n主题分类:\n日期:2021-03-03 10:21 来源:生态环境局\n| | | |\n  • 浏览量:\n"
        "2021年某县生态环境工作要点\n"
        "一、重点任务 （一）大气治理。1.控制PM2.5浓度，2021.3.1起执行。2.加强监管；"
        "3.完善机制（责任单位：综合股）4.推进工作。（二）水治理。1.整治排污口。\n"
        "扫一扫在手机打开当前页\n打印本页 关闭窗口\n字体【大 中 小】\n"
    )
    result = _read(tmp_path, text)
    plan = result.plan
    assert result.unplaced == []
    assert plan.preamble == ""
    section = plan.find((1, 1))
    titles = [t.title for t in section.children]
    assert titles == ["控制PM2.5浓度，2021.3.1起执行", "加强监管", "完善机制", "推进工作"]
    assert section.children[2].lead_units == ["综合股"]
    assert plan.find((1, 2, 1)).title == "整治排污口"


def test_levels_follow_styles_seen(tmp_path: Path) -> None:
    text = "2021年工作要点\n一、甲\n1.子一\n（1）孙一\n①曾孙一\n②曾孙二\n⑴\n2)旁支\n2.子二\n二、乙\n1.子三\n"
    plan = _read(tmp_path, text).plan
    assert [t.title for t in plan.tasks] == ["甲", "乙"]
    great = plan.find((1, 1, 1))
    assert [c.title for c in great.children] == ["曾孙一", "曾孙二"]
    # a fifth level cannot be stored: it stays in the measures of the fourth
    assert "⑴" in great.children[1].measures
    assert plan.find((1, 2)).title == "子二"


def test_year_required(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"无法从文件“plan\.txt”的标题"):
        _read(tmp_path, "生态环境工作要点\n一、任务\n1.甲\n")
    assert _read(tmp_path, "生态环境工作要点\n一、任务\n1.甲\n", year=2023).plan.year == 2023


def test_annotation_before_any_task_is_unplaced(tmp_path: Path) -> None:
    result = _read(tmp_path, "2021年工作要点\n责任单位：综合股\n一、任务\n1.甲\n2021年3月1日\n")
    assert result.unplaced == [(2, "责任单位：综合股"), (5, "2021年3月1日")]


def test_flat_list_of_tasks(tmp_path: Path) -> None:
    plan = _read(tmp_path, "2021年重点工作任务清单\n1.甲工作。\n2.乙工作。\n").plan
    assert [t.title for t in plan.tasks] == ["甲工作", "乙工作"]
    assert plan.preamble == ""


def test_control_characters_are_dropped_on_import(tmp_path: Path) -> None:
    text = (
        "2021年\x0b工作要点\n一、重点\x01任务\n"
        "1.加强\x0b监测。措施\x1f一。（责任单位：综合\x0b股；完成时限：年底\x0c前）\n"
    )
    plan = _read(tmp_path, text).plan
    task = plan.find((1, 1))
    assert (plan.title, plan.tasks[0].title) == ("2021年工作要点", "重点任务")
    assert (task.title, task.measures, task.deadline.text) == ("加强监测", "措施一。", "年底前")
    assert task.lead_units == ["综合股"]


def test_big_plans_keep_every_section_and_item(tmp_path: Path) -> None:
    lines = ["2021年工作要点"]
    for i in range(1, 131):
        lines += [f"（{chinese_numeral(i)}）第{i}节", f"{i}.第{i}项任务。"]
    lines += ["99999.第九万九千九百九十九项。", "100000.第十万项。", "1234567.第一百二十三万项。"]
    result = _read(tmp_path, "\n".join(lines))
    sections = result.plan.tasks
    assert len(sections) == 130 and sections[-1].title == "第130节"
    assert [t.title for t in sections[-1].children] == [
        "第130项任务", "第九万九千九百九十九项", "第十万项", "第一百二十三万项"
    ]
    assert result.unplaced == []


def test_a_number_too_long_for_an_item_is_reported_not_glued_on(tmp_path: Path) -> None:
    text = "2021年工作要点\n一、任务\n1.甲。\n12345678901.乙。\n（12345678901）丙\n"
    result = _read(tmp_path, text)
    assert result.plan.find((1, 1)).measures == ""
    assert result.unplaced == [(4, "12345678901.乙。"), (5, "（12345678901）丙")]
    assert "第 4 行：12345678901.乙。" in result.summary_lines()
