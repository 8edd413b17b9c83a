"""Golden tests of the period report and the year-end summary on the 新建 sample with a year of updates
(tests/year_of_updates.py): structure and headings, counts equal to what the fixture's rules imply, no
sentence said twice, nothing later than the period, the 主要目标's values as of the period, and the summary
with next year's plan as its second part."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from ecodesk.domain.periods import parse_period
from ecodesk.domain.plan import TargetValue
from ecodesk.domain.report_text import open_leaves, sections_of, sentences
from ecodesk.io import gongwen
from ecodesk.services import targets
from ecodesk.services.exporting import ExportOptions, export_plan
from ecodesk.services.importing import import_document
from ecodesk.services.plans import load_plan
from ecodesk.store.db import Database
from tests.year_of_updates import ReportedYear

HEADINGS = (gongwen.HEADING_1, gongwen.HEADING_2, gongwen.HEADING_3, gongwen.HEADING_4)


@pytest.fixture
def year(db: Database, reported_year: ReportedYear) -> ReportedYear:
    """The reported year with two targets' values: 上半年 met, 前三季度 (the later period) not."""
    targets.set_target_value(db, reported_year.plan_id, 1, TargetValue("2021-H1", "26微克/立方米", True))
    targets.set_target_value(db, reported_year.plan_id, 2, TargetValue("2021-H1", "90.1%", True))
    targets.set_target_value(db, reported_year.plan_id, 2, TargetValue("2021-Q3", "88.0%", False))
    return reported_year


def _export(db: Database, year: ReportedYear, kind: str, path: Path, **options: object):  # type: ignore[no-untyped-def]
    return Document(str(export_plan(db, year.plan_id, kind, path, ExportOptions(**options))))  # type: ignore[arg-type]


def _styled(doc, *styles: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.paragraphs if p.style.name in styles]


def _body(doc) -> Iterator[str]:  # type: ignore[no-untyped-def]
    return (p.text for p in doc.paragraphs if p.style.name == gongwen.BODY and p.text)


def _no_sentence_twice(doc) -> None:  # type: ignore[no-untyped-def]
    for text in _body(doc):
        said = sentences(text)
        assert len(said) == len(set(said)), text


def test_the_half_year_report(db: Database, year: ReportedYear, tmp_path: Path) -> None:
    doc = _export(db, year, "report", tmp_path / "上半年.docx", period=parse_period("2021-H1"))
    assert doc.paragraphs[0].text == "南昌市新建生态环境局\n2021年上半年工作进展情况和下半年工作安排"
    assert _styled(doc, gongwen.HEADING_1) == ["一、上半年工作进展情况", "二、下半年工作安排"]
    plan = load_plan(db, year.plan_id)
    titles = [s.title for s in sections_of(plan)]
    assert len(titles) == 9  # the plan's one chapter 主要任务 split into its nine sections
    second = _styled(doc, gongwen.HEADING_2)
    numbered = [f"（{n}）{t}" for n, t in zip("一二三四五六七八九", titles, strict=True)]
    assert second[:10] == [*numbered, "（十）主要目标完成情况"]
    # 二、: a heading for each section with tasks still open on 6-30, numbered afresh
    june = sections_of(load_plan(db, year.plan_id, as_of=parse_period("2021-H1").end))
    left = [s.title for s in june if open_leaves(s.items)]
    assert second[10:] == [f"（{n}）{t}" for n, t in zip("一二三四五六七八九", left, strict=True)]
    opening = doc.paragraphs[2].text
    # the fixture's rules as of 6-30: the early ones done, the behind ones red/yellow, the silent 未报
    done, behind, silent = len(year.early), len(year.behind), len(year.silent)
    assert f"完成{done}项、序时推进{len(year.on_pace)}项、滞后{behind}项、未报{silent}项" in opening
    assert done + len(year.on_pace) + behind + silent == len(list(plan.leaves()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "第3季度" not in text and "第4季度" not in text and "第2季度" in text  # nothing after 6-30
    assert "上半年实际完成26微克/立方米，达标。" in text and "上半年实际完成90.1%，达标。" in text
    assert "88.0%" not in text  # the 前三季度 figure, later than the period
    assert "【" not in text  # no status tags
    assert f"尚未完成的{len(list(plan.leaves())) - done}项任务" in text
    assert all(p.style.name in (*HEADINGS, gongwen.BODY, gongwen.TITLE) for p in doc.paragraphs)
    _no_sentence_twice(doc)


def test_the_first_quarter_and_three_quarter_reports(db: Database, year: ReportedYear, tmp_path: Path) -> None:
    q1 = _export(db, year, "report", tmp_path / "一季度.docx", period=parse_period("2021-Q1"))
    assert q1.paragraphs[0].text.endswith("2021年一季度工作进展情况和二季度工作安排")
    assert _styled(q1, gongwen.HEADING_1) == ["一、一季度工作进展情况", "二、二季度工作安排"]
    text = "\n".join(p.text for p in q1.paragraphs)
    assert "第1季度" in text and "第2季度" not in text
    # as of 3-31 nothing is done; the behind ones first report at 6-30, so they are 未报 with the silent
    assert f"完成0项、序时推进{len(year.on_pace) + len(year.early)}项、滞后0项、" \
           f"未报{len(year.behind) + len(year.silent)}项" in text
    assert "一季度暂无实际值。" in text and "26微克" not in text
    _no_sentence_twice(q1)
    q3 = _export(db, year, "report", tmp_path / "前三季度.docx", period=parse_period("2021-Q3"))
    assert _styled(q3, gongwen.HEADING_1) == ["一、前三季度工作进展情况", "二、四季度工作安排"]
    text = "\n".join(p.text for p in q3.paragraphs)
    assert "第3季度" in text and "第4季度" not in text and "前三季度实际完成88.0%，未达标。" in text
    _no_sentence_twice(q3)


def test_the_year_end_summary(db: Database, year: ReportedYear, tmp_path: Path) -> None:
    doc = _export(db, year, "summary", tmp_path / "总结.docx", period=parse_period("2021"))
    assert doc.paragraphs[0].text == "南昌市新建生态环境局2021年工作总结"
    assert _styled(doc, gongwen.HEADING_1) == ["一、主要工作成效", "二、主要工作开展情况", "三、存在问题",
                                               "四、下一步工作打算"]
    plan = load_plan(db, year.plan_id)
    titles = [s.title for s in sections_of(plan)]
    numbered = [f"（{n}）{t}" for n, t in zip("一二三四五六七八九", titles, strict=True)]
    assert _styled(doc, gongwen.HEADING_2) == ["（一）主要目标完成情况", "（二）重点任务完成情况", *numbered]
    assert not _styled(doc, gongwen.HEADING_3, gongwen.HEADING_4)  # points are body text
    opening = doc.paragraphs[2].text
    assert opening.startswith("2021年，") and "我局" in opening
    # at the year's end: on_pace and early done; behind (no report after 9-30) and silent 未报
    assert f"全年完成{len(year.on_pace) + len(year.early)}项、序时推进0项、滞后0项、" \
           f"未报{len(year.behind) + len(year.silent)}项" in opening
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "全年实际完成88.0%，未达标。" in text and "10项主要目标中，达标1项、未达标1项" in text
    by_id = {t.id: t for t in plan.leaves()}
    first = by_id[year.on_pace[0]]
    point = next(t for t in _body(doc) if t.startswith(f"1.{first.title}"))
    assert all(f"第{q}季度" in point for q in range(1, 5))  # all the year's updates, not only the latest
    problems = text.split("三、存在问题")[1].split("四、下一步工作打算")[0]
    assert f"{by_id[year.with_problems[0]].title[:10]}资金缺口较大。" in problems
    assert f"尚有{len(year.behind) + len(year.silent)}项任务未完成" in problems
    assert all(by_id[i].title.strip() in problems for i in year.behind + year.silent)
    _no_sentence_twice(doc)


def test_a_july_summary_says_nothing_of_later(db: Database, year: ReportedYear, tmp_path: Path) -> None:
    doc = _export(db, year, "summary", tmp_path / "七月.docx", as_of=parse_period("2021-H1").end)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "第3季度" not in text and "88.0%" not in text and "截至6月30日实际完成90.1%，达标。" in text
    assert f"截至6月30日完成{len(year.early)}项" in text


def test_the_summary_with_next_years_plan(db: Database, year: ReportedYear, samples_dir: Path,
                                          tmp_path: Path) -> None:
    next_id = import_document(db, samples_dir / "xinjian-2021-gongzuoyaodian.txt", year=2022).plan_id
    assert next_id is not None
    doc = _export(db, year, "summary", tmp_path / "总结和要点.docx", period=parse_period("2021"), next_plan_year=2022)
    assert doc.paragraphs[0].text == "南昌市新建生态环境局\n2021年工作总结和2022年工作要点"
    parts = [p for p in doc.paragraphs if p.style.name == gongwen.HEADING_1 and p.alignment is not None]
    assert [p.text for p in parts] == ["2021年工作总结", "2022年工作要点"]
    assert parts[1].paragraph_format.page_break_before
    headings = _styled(doc, gongwen.HEADING_1)
    second_part = headings[headings.index("2022年工作要点") + 1:]
    assert second_part[:2] == ["一、总体要求", "二、主要目标"]
    assert "具体任务见2022年工作要点。" in "\n".join(_body(doc))


def test_a_next_plan_that_is_not_there_is_named(db: Database, year: ReportedYear, tmp_path: Path) -> None:
    from ecodesk.domain.errors import UserError

    with pytest.raises(UserError, match="没有 2022 年的工作要点"):
        _export(db, year, "summary", tmp_path / "x.docx", next_plan_year=2022)
    assert not (tmp_path / "x.docx").exists()
