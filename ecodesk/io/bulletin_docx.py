"""The 督查通报 as a 公文 .docx: 版头 (督查通报, 第N期, the office and the day), the subject, the overall counts,
the per-unit table, the units that did not report, and the two annexes (慢序时, 按序时) on pages of their own.
"""

from __future__ import annotations

import os
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ecodesk.domain.bulletin import Bulletin, UnitCount
from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.urging import Candidate
from ecodesk.io import gongwen
from ecodesk.io.doc_properties import DocMeta, save_stamped
from ecodesk.io.notice_docx import NO_DEADLINE, percent_text
from ecodesk.io.plan_text import join_units

LIST_HEADERS = ("序号", "任务", "牵头单位", "完成时限", "序时进度", "实际进度")
LIST_WIDTHS = (13, 56, 24, 21, 21, 21)  # mm, 156 in all: each header on one line
LIST_CENTRED = (True, False, True, True, True, True)
COUNT_WIDTH = 17  # mm: a three-character header on one line
ANNEXES = ("慢序时任务清单", "按序时推进任务清单")


def bulletin_title(bulletin: Bulletin) -> str:
    return f"关于{bulletin.period.label}工作要点推进情况的通报"


def write_bulletin(bulletin: Bulletin, path: str | os.PathLike[str]) -> Path:
    """Write the 通报 to `path` (atomically)."""
    doc = gongwen.new_document()
    _masthead(doc, bulletin)
    gongwen.add_title(doc, gongwen.title_lines(bulletin_title(bulletin), f"关于{bulletin.period.label}"))
    _unindented(doc, "局各股室：")
    gongwen.add_body(doc, f"现将《{bulletin.plan_title}》{bulletin.period.label}推进情况通报如下。")
    gongwen.add_heading(doc, 1, "一、总体情况")
    gongwen.add_body(doc, _overall(bulletin))
    gongwen.add_heading(doc, 1, "二、各股室推进情况")
    _counts_table(doc, bulletin)
    gongwen.add_heading(doc, 1, "三、报送情况")
    gongwen.add_body(doc, _silent(bulletin))
    gongwen.add_heading(doc, 1, "四、工作要求")
    gongwen.add_body(doc, "请欠进度的股室对照附件1逐项分析原因，明确整改措施和时限，加快推进；未报送的股室尽快补报"
                          "进展情况。局办公室将持续跟踪，对仍未达到序时进度的任务逐次升级督办。")
    gongwen.add_body(doc, "")
    gongwen.add_body(doc, f"附件：1．{ANNEXES[0]}")
    gongwen.styled(doc, gongwen.BODY, f"2．{ANNEXES[1]}").paragraph_format.first_line_indent = gongwen.INDENT * 5 // 2
    for index, (name, tasks) in enumerate(zip(ANNEXES, (bulletin.slow, bulletin.on_pace), strict=True), start=1):
        _annex(doc, index, name, tasks)
    return save_stamped(doc, path, DocMeta(bulletin_title(bulletin), bulletin.bureau))


def _unindented(doc: DocxDocument, text: str, *, centred: bool = False) -> None:
    par = gongwen.styled(doc, gongwen.BODY, text)
    par.paragraph_format.first_line_indent = Pt(0)
    if centred:
        par.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _masthead(doc: DocxDocument, bulletin: Bulletin) -> None:
    gongwen.add_title(doc, ["督查通报"])
    _unindented(doc, f"第{bulletin.number}期", centred=True)
    _unindented(doc, f"{bulletin.bureau}办公室　　　　{format_cn_date(bulletin.issued_on)}", centred=True)
    gongwen.add_body(doc, "")


def _share(count: int, total: int) -> str:
    return f"{count}项（{100 * count / total:.1f}%）" if total else f"{count}项"


def _overall(bulletin: Bulletin) -> str:
    total = bulletin.total
    parts = "、".join(f"{name}{_share(total.counts[name], total.total)}" for name in bulletin.columns)
    return f"截至{format_cn_date(bulletin.as_of)}，{total.total}项工作任务中，{parts}。"


def _counts_table(doc: DocxDocument, bulletin: Bulletin) -> None:
    headers = ("序号", "股室", "任务数", *bulletin.columns)
    widths = [13, 156 - 13 - 18 - COUNT_WIDTH * len(bulletin.columns), 18, *([COUNT_WIDTH] * len(bulletin.columns))]
    rows = [_count_row(str(i), line, bulletin.columns) for i, line in enumerate(bulletin.units, start=1)]
    rows.append(_count_row("", bulletin.total, bulletin.columns))
    gongwen.add_table(doc, headers, rows, [Mm(w) for w in widths], [True, False, *([True] * (len(headers) - 2))])


def _count_row(index: str, line: UnitCount, columns: tuple[str, ...]) -> list[str]:
    return [index, line.unit, str(line.total), *(str(line.counts[c]) for c in columns)]


def _silent(bulletin: Bulletin) -> str:
    if not bulletin.silent_units:
        return f"{bulletin.period.label}各股室均已报送进展情况。"
    return (f"{bulletin.period.label}，{join_units(bulletin.silent_units)}共{len(bulletin.silent_units)}个股室"
            "未报送进展情况（未交回进展征集表，所牵头任务本期均无进展记录），予以通报。")


def _annex(doc: DocxDocument, index: int, name: str, tasks: list[Candidate]) -> None:
    head = gongwen.styled(doc, gongwen.HEADING_1, f"附件{index}")
    head.paragraph_format.first_line_indent = Pt(0)
    head.paragraph_format.page_break_before = True
    gongwen.add_title(doc, [name])
    if not tasks:
        gongwen.add_body(doc, f"本期无{name.removesuffix('清单')}。")
        return
    rows = [[str(i), f"{t.label}{t.title}", join_units(list(t.units)) or "—", t.deadline or NO_DEADLINE,
             percent_text(t.mark.expected), f"{t.mark.pace.actual}%"] for i, t in enumerate(tasks, start=1)]
    gongwen.add_table(doc, LIST_HEADERS, rows, [Mm(w) for w in LIST_WIDTHS], LIST_CENTRED)
