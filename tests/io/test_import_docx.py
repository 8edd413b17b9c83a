"""Word plans: typed numbering, Word automatic numbering (numbering.xml), style numbering, tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ecodesk.io.plan_import import docx_source, read_plan

TITLE = "某县生态环境局2021年生态环境工作要点"


def _save(document: docx.document.Document, tmp_path: Path) -> Path:
    path = tmp_path / "plan.docx"
    document.save(str(path))
    return path


def _abstract(abstract_id: int, levels: list[tuple[str, str]], start: str = "1") -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'


def _add_list(
    document: docx.document.Document, abstract_id: int, levels: list[tuple[str, str]], start: str = "1"
) -> None:
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_abstract(abstract_id, levels, start)))


def _add_num(
    document: docx.document.Document, num_id: int, abstract_id: int, restart: int | None = None
) -> None:
    override = (
        f'<w:lvlOverride w:ilvl="{restart}"><w:startOverride w:val="1"/></w:lvlOverride>'
        if restart is not None
        else ""
    )
    ref = f'<w:abstractNumId w:val="{abstract_id}"/>'
    xml = f'<w:num {nsdecls("w")} w:numId="{num_id}">{ref}{override}</w:num>'
    document.part.numbering_part.element.append(parse_xml(xml))


def _numbered(document: docx.document.Document, text: str, num_id: int, ilvl: int) -> None:
    p = document.add_paragraph(text)
    p_pr = p._p.get_or_add_pPr()
    p_pr.append(parse_xml(_num_pr(num_id, ilvl)))


def _num_pr(num_id: int, ilvl: int) -> str:
    return f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def test_typed_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    lines = [TITLE, "一、总体要求", "坚持生态优先。", "二、重点任务"]
    lines += ["（一）大气", "1.治理工业。（责任单位：综合股）"]
    for line in lines:
        document.add_paragraph(line)
    plan = read_plan(_save(document, tmp_path)).plan
    assert plan.find((1, 1, 1)).lead_units == ["综合股"]
    assert "坚持生态优先" in plan.preamble


def test_automatic_numbering_with_restart(tmp_path: Path) -> None:
    document = docx.Document()
    _add_list(document, 90, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    _add_num(document, 91, 90)
    _add_num(document, 92, 90, restart=2)
    document.add_paragraph(TITLE)
    _numbered(document, "大气污染防治", 91, 0)
    _numbered(document, "工业治理", 91, 1)
    _numbered(document, "完成5家企业整治。（完成时限：6月底前）", 91, 2)
    _numbered(document, "完成10家企业整治。", 91, 2)
    _numbered(document, "移动源治理", 91, 1)
    _numbered(document, "淘汰老旧车辆。", 91, 2)
    _numbered(document, "水污染防治", 91, 0)
    _numbered(document, "排污口整治", 92, 1)
    _numbered(document, "完成溯源。", 92, 2)
    path = _save(document, tmp_path)
    texts = [t for _, t in docx_source.read_lines(path.read_bytes(), path.name)]
    assert texts[1:] == [
        "一、大气污染防治",
        "（一）工业治理",
        "1.完成5家企业整治。（完成时限：6月底前）",
        "2.完成10家企业整治。",
        "（二）移动源治理",
        "1.淘汰老旧车辆。",
        "二、水污染防治",
        "（一）排污口整治",
        "1.完成溯源。",
    ]
    plan = read_plan(path).plan
    assert [len(c.children) for c in plan.tasks] == [2, 1]
    assert plan.find((1, 1, 1)).deadline.date == dt.date(2021, 6, 30)


def test_style_numbering_as_saved_by_wps(tmp_path: Path) -> None:
    document = docx.Document()
    _add_list(document, 80, [("decimal", "%1.")])
    _add_num(document, 81, 80)
    style = document.styles["List Number"].element
    style.get_or_add_pPr().append(parse_xml(_num_pr(81, 0)))
    document.add_paragraph(TITLE)
    document.add_paragraph("一、重点任务")
    document.add_paragraph("治理工业。", style="List Number")
    document.add_paragraph("整治扬尘。", style="List Number")
    plan = read_plan(_save(document, tmp_path)).plan
    assert [t.title for t in plan.tasks[0].children] == ["治理工业", "整治扬尘"]


def test_task_table_with_merged_parent(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("一、总体要求")
    document.add_paragraph("坚持生态优先。")
    document.add_paragraph("二、重点任务分解")
    rows = [
        ("序号", "重点任务", "具体措施", "责任单位", "完成时限"),
        ("1", "大气污染防治", "完成5家企业整治。", "综合股、生态股", "2021年6月底前"),
        ("2", "", "加强扬尘管控。", "执法分局", "年底前"),
        ("3", "水污染防治", "整治排污口。", "水气股", "长期坚持"),
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(1, 1).text = "大气污染防治"
    plan = read_plan(_save(document, tmp_path)).plan
    chapter = plan.tasks[0]
    assert chapter.title == "重点任务分解"
    air, water = chapter.children
    assert air.title == "大气污染防治"
    assert [t.title for t in air.children] == ["完成5家企业整治", "加强扬尘管控"]
    assert air.children[0].lead_units == ["综合股"] and air.children[0].co_units == ["生态股"]
    assert air.children[1].deadline.date == dt.date(2021, 12, 31)
    assert water.title == "水污染防治" and water.children[0].title == "整治排污口"
    assert water.children[0].deadline.text == "长期坚持"
    assert "坚持生态优先" in plan.preamble


def test_word_numbering_past_nine_hundred_ninety_nine(tmp_path: Path) -> None:
    document = docx.Document()
    _add_list(document, 70, [("chineseCounting", "%1、")], start="998")
    _add_num(document, 71, 70)
    document.add_paragraph(TITLE)
    for title in ("甲", "乙", "丙"):
        _numbered(document, title, 71, 0)
    path = _save(document, tmp_path)
    texts = [t for _, t in docx_source.read_lines(path.read_bytes(), path.name)]
    assert texts[1:] == ["九百九十八、甲", "九百九十九、乙", "一千、丙"]
    assert [t.title for t in read_plan(path).plan.tasks] == ["甲", "乙", "丙"]


@pytest.mark.parametrize(
    ("fmt", "start", "labels"),
    [
        ("chineseCounting", "9" * 4200, ["一、甲", "二、乙"]),
        ("lowerRoman", "9" * 15, ["i甲", "ii乙"]),
        ("lowerLetter", "9" * 15, ["a甲", "b乙"]),
        ("decimal", "abc", ["1.甲", "2.乙"]),
        ("upperRoman", "32767", ["M" * 32 + "DCCLXVII甲", "M" * 32 + "DCCLXVIII乙"]),
    ],
)
def test_numbering_start_values_are_bounded(tmp_path: Path, fmt: str, start: str, labels: list[str]) -> None:
    document = docx.Document()
    suffix = {"chineseCounting": "、", "decimal": "."}.get(fmt, "")
    _add_list(document, 60, [(fmt, "%1" + suffix)], start=start)
    _add_num(document, 61, 60)
    document.add_paragraph(TITLE)
    _numbered(document, "甲", 61, 0)
    _numbered(document, "乙", 61, 0)
    path = _save(document, tmp_path)
    assert [t for _, t in docx_source.read_lines(path.read_bytes(), path.name)][1:] == labels


@pytest.mark.parametrize("span", ["2000000000", "abc", "-3", "9" * 5000])
def test_table_cell_spans_are_bounded(tmp_path: Path, span: str) -> None:
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("一、重点任务")
    rows = [("序号", "工作任务", "责任单位"), ("1", "整治排污口。", "水气股")]
    table = document.add_table(rows=len(rows), cols=3)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    tc_pr = table.cell(1, 0)._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="{span}"/>'))
    task = read_plan(_save(document, tmp_path)).plan.find((1, 1))
    assert (task.title, task.lead_units) == ("整治排污口", ["水气股"])
