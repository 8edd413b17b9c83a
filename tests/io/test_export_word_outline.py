"""Chapter numbering of the 工作要点 .docx: preamble chapters, 主要目标 and task chapters in one sequence.

An imported plan keeps 一、总体要求 / 二、主要目标 in its preamble and numbers its task tree from 一、 again;
these tests read the written document back and check that a clerk sees each chapter once, numbered
一、 二、 三、 … without a restart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from ecodesk.domain.plan import PlanTree, Target, TaskNode
from ecodesk.io import gongwen
from ecodesk.io.plan_import import read_plan
from ecodesk.io.plan_outline import ChapterHeading, Paragraph, Targets, TaskChapter, plan_outline
from ecodesk.io.word_export import WordOptions, export_word

PREAMBLE = "引言\n一、总体要求\n要求正文\n二、主要目标\n目标引言"
TARGETS = [Target("空气质量优良天数比例达到90%。", "环境空气"), Target("国控断面水质优良比例达到100%。")]
CHAPTER_LABEL = re.compile(r"^([一二三四五六七八九十]+)、")
NUMERALS = "一二三四五六七八九十"
SAMPLE_CHAPTERS = {
    "xinjian-2021-gongzuoyaodian.docx": ["一、总体要求", "二、主要目标", "三、主要任务"],
    "dalian-2021-gongzuoyaodian.txt": ["一、总体要求", "二、主要目标", "三、加快推动绿色低碳发展",
                                       "四、深入打好污染防治攻坚战", "五、系统谋划“十四五”生态环境保护",
                                       "六、加快构建现代环境治理体系", "七、全面加强党的建设"],
    "fuzhou-2022-gongzuoyaodian.txt": ["一、主要目标", "二、主要工作举措"],
}


def _plan(preamble: str = PREAMBLE) -> PlanTree:
    air = TaskNode("打好蓝天保卫战", children=[
        TaskNode("强化工业源治理", children=[TaskNode("推进超低排放改造", measures="完成2家企业改造。")])])
    water = TaskNode("打好碧水保卫战", measures="开展入河排污口整治。")
    plan = PlanTree(year=2025, title="某某县生态环境局2025年工作要点", bureau="某某县生态环境局",
                    preamble=preamble, targets=list(TARGETS), tasks=[air, water])
    plan.renumber()
    return plan


def _export(plan: PlanTree, path: Path, options: WordOptions | None = None) -> list:
    """The paragraphs below the title and its empty line."""
    return Document(str(export_word(plan, path, options))).paragraphs[2:]


def _texts(paragraphs: list) -> list[str]:
    return [p.text for p in paragraphs]


def _chapters(paragraphs: list) -> list[str]:
    return [p.text for p in paragraphs if p.style.name == gongwen.HEADING_1]


def test_outline_is_plain_data_numbered_in_one_sequence() -> None:
    plan = _plan()
    assert plan_outline(plan) == [
        Paragraph("引言"),
        ChapterHeading("一、", "总体要求"), Paragraph("要求正文"),
        ChapterHeading("二、", "主要目标"), Paragraph("目标引言"), Targets(tuple(TARGETS)),
        TaskChapter("三、", plan.tasks[0]), TaskChapter("四、", plan.tasks[1]),
    ]


def test_preamble_chapters_targets_and_task_chapters_in_order(tmp_path: Path) -> None:
    paragraphs = _export(_plan(), tmp_path / "a.docx")
    assert _texts(paragraphs) == [
        "引言", "一、总体要求", "要求正文", "二、主要目标", "目标引言",
        "1.环境空气方面：空气质量优良天数比例达到90%。", "2.国控断面水质优良比例达到100%。",
        "三、打好蓝天保卫战", "（一）强化工业源治理", "1.推进超低排放改造。完成2家企业改造。",
        "四、打好碧水保卫战", "开展入河排污口整治。",
    ]
    assert sum("主要目标" in text for text in _texts(paragraphs)) == 1


def test_preamble_chapter_headings_use_the_chapter_style(tmp_path: Path) -> None:
    paragraphs = _export(_plan(), tmp_path / "a.docx")
    assert _chapters(paragraphs) == ["一、总体要求", "二、主要目标", "三、打好蓝天保卫战", "四、打好碧水保卫战"]
    style = next(p for p in paragraphs if p.text == "一、总体要求").style
    assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert [p.style.name for p in paragraphs if p.text in ("引言", "要求正文", "目标引言")] == ["Normal"] * 3


def test_targets_chapter_added_when_the_preamble_has_none(tmp_path: Path) -> None:
    paragraphs = _export(_plan("引言\n一、总体要求\n要求正文"), tmp_path / "a.docx")
    texts = _texts(paragraphs)
    assert _chapters(paragraphs) == ["一、总体要求", "二、主要目标", "三、打好蓝天保卫战", "四、打好碧水保卫战"]
    assert texts[texts.index("二、主要目标") + 1].startswith("1.环境空气方面：")


def test_targets_off_keeps_the_preamble_chapter_prose_only(tmp_path: Path) -> None:
    paragraphs = _export(_plan(), tmp_path / "a.docx", WordOptions(targets=False))
    texts = _texts(paragraphs)
    assert _chapters(paragraphs) == ["一、总体要求", "二、主要目标", "三、打好蓝天保卫战", "四、打好碧水保卫战"]
    assert texts[texts.index("目标引言") + 1] == "三、打好蓝天保卫战"
    assert not any("优良" in text for text in texts)


def test_targets_off_adds_no_empty_targets_chapter(tmp_path: Path) -> None:
    paragraphs = _export(_plan("一、总体要求\n要求正文"), tmp_path / "a.docx", WordOptions(targets=False))
    assert _chapters(paragraphs) == ["一、总体要求", "二、打好蓝天保卫战", "三、打好碧水保卫战"]


def test_preamble_off_numbers_only_what_is_printed(tmp_path: Path) -> None:
    paragraphs = _export(_plan(), tmp_path / "a.docx", WordOptions(preamble=False))
    assert _chapters(paragraphs) == ["一、主要目标", "二、打好蓝天保卫战", "三、打好碧水保卫战"]
    assert "引言" not in _texts(paragraphs) and "要求正文" not in _texts(paragraphs)
    bare = _export(_plan(), tmp_path / "b.docx", WordOptions(preamble=False, targets=False))
    assert _chapters(bare) == ["一、打好蓝天保卫战", "二、打好碧水保卫战"]


def test_half_width_mark_and_run_in_heading(tmp_path: Path) -> None:
    paragraphs = _export(_plan("一､总体要求。坚持精准治污。\n三、主要指标"), tmp_path / "a.docx")
    texts = _texts(paragraphs)
    assert texts[:3] == ["一、总体要求", "坚持精准治污。", "二、主要指标"]
    assert texts[3].startswith("1.") and "主要目标" not in texts


@pytest.mark.parametrize("name", sorted(SAMPLE_CHAPTERS))
def test_real_samples_number_chapters_once_and_in_sequence(name: str, samples_dir: Path, tmp_path: Path) -> None:
    plan = read_plan(samples_dir / name).plan
    paragraphs = _export(plan, tmp_path / "a.docx")
    labelled = [p for p in paragraphs if CHAPTER_LABEL.match(p.text)]
    assert [p.style.name for p in labelled] == [gongwen.HEADING_1] * len(labelled)
    labels = [CHAPTER_LABEL.match(p.text)[1] for p in labelled]
    assert labels == list(NUMERALS[: len(labels)])
    assert _chapters(paragraphs) == SAMPLE_CHAPTERS[name]


def test_sample_targets_follow_their_chapter_with_category_lead_ins(samples_dir: Path, tmp_path: Path) -> None:
    plan = read_plan(samples_dir / "fuzhou-2022-gongzuoyaodian.txt").plan
    texts = _texts(_export(plan, tmp_path / "a.docx"))
    start = texts.index("一、主要目标")
    assert texts[start + 2].startswith("1.环境空气方面：空气质量优良天数比例")
    assert texts[start + 7].startswith("6.污染物排放总量控制方面：")
    assert texts[start + 8] == "二、主要工作举措"


def test_a_lone_target_is_prose_without_a_number(tmp_path: Path) -> None:
    plan = _plan("引言")
    plan.targets = [Target("2021年，全市生态环境质量稳中向好。")]
    texts = _texts(_export(plan, tmp_path / "a.docx"))
    assert texts[texts.index("一、主要目标") + 1] == "2021年，全市生态环境质量稳中向好。"
