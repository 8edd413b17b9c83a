"""The 工作要点 .docx, read back with python-docx: layout numbers, fonts, structure and options."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from ecodesk.domain.plan import PlanTree
from ecodesk.io import gongwen
from ecodesk.io.word_export import WordOptions, export_word
from tests.io.export_sample import ODD_UNIT, build_plan

plan = pytest.fixture(build_plan, name="plan")


def _east_asia(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def _texts(doc, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == style]


@pytest.fixture
def doc(plan: PlanTree, tmp_path: Path):
    return Document(str(export_word(plan, tmp_path / "要点.docx")))


def test_page_is_a4_with_gongwen_margins(doc) -> None:
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def test_title_is_centred_xiaobiaosong_erhao(doc) -> None:
    title = doc.paragraphs[0]
    assert title.text == "某某县生态环境局2025年工作要点"
    assert title.style.name == gongwen.TITLE
    assert _east_asia(title.style) == "方正小标宋简体"
    assert title.style.font.size.pt == 22
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_is_fangsong_sanhao_with_fixed_spacing_and_indent(doc) -> None:
    normal = doc.styles["Normal"]
    assert _east_asia(normal) == "仿宋_GB2312"
    assert normal.font.size.pt == 16
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 28 <= pf.line_spacing.pt <= 29
    assert pf.first_line_indent.pt == 32


def test_headings_in_order_with_fonts_and_outline_levels(doc) -> None:
    assert _texts(doc, gongwen.HEADING_1) == [
        "一、主要目标", "二、持续深入打好蓝天保卫战", "三、持续深入打好碧水保卫战", "四、全面加强生态环境法治建设"]
    assert _texts(doc, gongwen.HEADING_2) == [
        "（一）强化工业源治理", "（二）加强移动源管控", "（一）推进水污染防治"]
    for name, font, level in ((gongwen.HEADING_1, "黑体", "0"), (gongwen.HEADING_2, "楷体_GB2312", "1")):
        style = doc.styles[name]
        assert _east_asia(style) == font
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == level
        assert style.paragraph_format.keep_with_next is True


def test_items_have_bold_title_sentence_units_and_deadline(doc) -> None:
    items = [p for p in doc.paragraphs if p.style.name == gongwen.HEADING_3]
    assert [p.runs[0].text for p in items] == [
        "1.推进重点行业超低排放改造。", "2.=SUM(A1)。", "1.淘汰老旧柴油货车。", "1.开展入河排污口排查整治。",
        "2.+开展饮用水水源地环境保护专项行动。"]
    assert all(p.runs[0].bold for p in items)
    assert items[0].text == (
        "1.推进重点行业超低排放改造。完成2家水泥企业超低排放改造。"
        f"（牵头单位：大气股；配合单位：综合股、{ODD_UNIT}）（完成时限：2025年6月底前）")
    assert _east_asia(doc.styles[gongwen.HEADING_3]) == "仿宋_GB2312"


def test_sub_items_follow_their_item_which_keeps_with_them(doc) -> None:
    texts = [p.text for p in doc.paragraphs]
    parent = texts.index(next(t for t in texts if t.startswith("1.开展入河排污口排查整治")))
    assert texts[parent + 1] == "1）完成排污口溯源。"
    assert texts[parent + 2] == "2）制定整治方案。（完成时限：2025年5月底前）"
    assert doc.paragraphs[parent].paragraph_format.keep_with_next is True


def test_preamble_and_chapter_without_sections(doc) -> None:
    texts = [p.text for p in doc.paragraphs]
    assert "坚持精准治污、科学治污、依法治污。" in texts
    chapter = texts.index("四、全面加强生态环境法治建设")
    assert texts[chapter + 1] == "落实普法责任制，开展“八五”普法。（牵头单位：综合股）（完成时限：年底前）"


def test_page_numbers_odd_right_even_left(doc) -> None:
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer is True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        par = footer.paragraphs[0]
        assert par.alignment == align
        assert par.text == "— 1 —"
        assert [i.text for i in par._p.iter(qn("w:instrText"))] == [" PAGE "]
        run = par.runs[0]
        assert run.font.size.pt == 14
        assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_options_leave_out_units_deadlines_targets_and_preamble(plan: PlanTree, tmp_path: Path) -> None:
    options = WordOptions(units=False, deadlines=False, targets=False, preamble=False)
    doc = Document(str(export_word(plan, tmp_path / "简版.docx", options)))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "牵头单位" not in body and "完成时限" not in body
    assert "主要目标" not in body and "精准治污" not in body
    assert "1.推进重点行业超低排放改造。完成2家水泥企业超低排放改造。" in body


def test_plain_font_names_for_pcs_without_gb2312(plan: PlanTree, tmp_path: Path) -> None:
    doc = Document(str(export_word(plan, tmp_path / "a.docx", WordOptions(plain_fonts=True))))
    assert _east_asia(doc.styles["Normal"]) == "仿宋"
    assert _east_asia(doc.styles[gongwen.HEADING_2]) == "楷体"


def test_title_comes_from_the_plan(plan: PlanTree, tmp_path: Path) -> None:
    plan.title, plan.bureau, plan.year = "", "另一县生态环境分局", 2031
    doc = Document(str(export_word(plan, tmp_path / "a.docx")))
    assert doc.paragraphs[0].text == "另一县生态环境分局2031年工作要点"


def test_long_title_breaks_after_the_bureau() -> None:
    assert gongwen.title_lines("某某县生态环境局2025年度工作要点完成情况", "某某县生态环境局") == [
        "某某县生态环境局", "2025年度工作要点完成情况"]
    assert gongwen.title_lines("某某县生态环境局2025年工作要点", "某某县生态环境局") == [
        "某某县生态环境局2025年工作要点"]


def test_document_properties_are_the_plans_not_the_librarys(plan: PlanTree, tmp_path: Path) -> None:
    path = export_word(plan, tmp_path / "要点.docx")
    props = Document(str(path)).core_properties
    bureau = "某某县生态环境局"
    assert (props.title, props.author, props.last_modified_by) == (f"{bureau}2025年工作要点", bureau, bureau)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert props.comments == "" and props.revision == 1
    assert abs(props.created.replace(tzinfo=None) - now) < dt.timedelta(hours=1)
    with zipfile.ZipFile(path) as archive:
        app = archive.read("docProps/app.xml").decode()
        assert "<Application>EcoDesk</Application>" in app and "Microsoft" not in app
        assert not [n for n in archive.namelist() if "thumbnail" in n]
