"""The period report as a 公文 .docx: 《X局2021年上半年工作进展情况和下半年工作安排》 (一季度 / 前三季度 alike).

The shape of a real half-year report (../shared/docs/reporting-year.md): an opening paragraph with the
counts, 一、…工作进展情况 with the 主要目标's values and one paragraph a section of the plan, 二、…工作安排
from the updates' 下步打算 and the tasks still open. The wording is domain/report_text's; this module lays
it out in the Word export's styles (io/gongwen). The plan comes read as of the period's end, so nothing
later than it can appear.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

from docx.document import Document as DocxDocument

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.numbering import chinese_numeral
from ecodesk.domain.periods import Period
from ecodesk.domain.plan import PlanTree
from ecodesk.domain.report_text import (
    Counts,
    PeriodWords,
    Section,
    coming_steps,
    counts_of,
    open_leaves,
    period_words,
    progress_prose,
    report_title,
    sections_of,
    target_result,
    target_tally,
    titles_clause,
)
from ecodesk.io import gongwen
from ecodesk.io.doc_properties import DocMeta, save_stamped
from ecodesk.io.plan_text import bureau_name, target_line, with_period

NO_UPDATES = "本期未报送进展情况。"
TARGETS_SECTION = "主要目标完成情况"


def export_report(plan: PlanTree, path: str | os.PathLike[str], period: Period) -> Path:
    """Write the report on `period` of `plan` (read as of the period's end) to `path`, atomically."""
    day = plan.as_of or period.end
    words = period_words(period)
    counts = counts_of(plan, day, period)
    doc, bureau = gongwen.new_document(), bureau_name(plan)
    title = report_title(plan, period, bureau)
    gongwen.add_title(doc, gongwen.title_lines(title, bureau))
    gongwen.add_body(doc, opening(plan, words, counts, day))
    sections = sections_of(plan)
    gongwen.add_heading(doc, 1, f"一、{words.done}工作进展情况")
    labels = section_labels()
    for section in sections:  # numbered as the plan numbers them, the 主要目标 after them
        gongwen.add_heading(doc, 2, f"{next(labels)}{section.title}")
        gongwen.add_body(doc, progress_prose(section.items) or NO_UPDATES)
    if plan.targets:
        gongwen.add_heading(doc, 2, f"{next(labels)}{TARGETS_SECTION}")
        add_target_results(doc, plan, day, words.done)
    gongwen.add_heading(doc, 1, f"二、{words.coming}工作安排")
    _coming(doc, words, sections)
    return save_stamped(doc, path, DocMeta(title, bureau))


def section_labels() -> Iterator[str]:
    """（一） （二） … for the sections under one of the document's parts."""
    return (f"（{chinese_numeral(n)}）" for n in itertools.count(1))


def opening(plan: PlanTree, words: PeriodWords, counts: Counts, day: dt.date) -> str:
    return (f"{plan.year}年{words.done}，{bureau_name(plan)}紧紧围绕{plan.year}年工作要点确定的目标任务，压实责任、"
            f"狠抓落实，各项工作有序推进。截至{format_cn_date(day)}，{counts.total}项重点任务（按最末一级任务计）"
            f"中，{counts.sentence()}。现将有关情况报告如下。")


def add_target_results(doc: DocxDocument, plan: PlanTree, day: dt.date, when: str) -> None:
    """The tally, then each 主要目标 with its actual value as of `day` and 达标/未达标."""
    gongwen.add_body(doc, target_tally(plan.targets, day))
    for position, target in enumerate(plan.targets, start=1):
        gongwen.add_body(doc, with_period(target_line(position, target)) + target_result(target, day, when))


def _coming(doc: DocxDocument, words: PeriodWords, sections: list[Section]) -> None:
    """An opening sentence, then per section with work left its 下步打算 and the tasks to carry on."""
    left = [(section, open_leaves(section.items)) for section in sections]
    total = sum(len(tasks) for _s, tasks in left)
    if not total:
        gongwen.add_body(doc, f"年度工作要点所列任务均已完成。{words.coming}，将巩固已有成果，做好常态化工作。")
        return
    gongwen.add_body(doc, f"{words.coming}，对照年度目标任务，聚焦尚未完成的{total}项任务，重点抓好以下工作。")
    labels = section_labels()
    for section, tasks in left:
        if tasks:
            gongwen.add_heading(doc, 2, f"{next(labels)}{section.title}")
            gongwen.add_body(doc, coming_steps(tasks) + f"继续推进{titles_clause(tasks)}，确保按期完成。")
