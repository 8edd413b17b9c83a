"""The 督办通知单 as a 公文 .docx: one slip to one 股室, numbered, with its late tasks in a table.

Laid out as an office sends it: the title, the slip's number and colour (蓝单/橙单/红单, in words, since it
is printed in black), the unit addressed, one paragraph saying why and by when to answer, the table of
tasks (expected against reported percent, the last report), and the office's name and date at the foot.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.urging import Slip, UrgedTask
from ecodesk.io import gongwen
from ecodesk.io.doc_properties import DocMeta, save_stamped

HEADERS = ("序号", "任务", "完成时限", "序时进度", "实际进度", "最近报送情况")
# mm, 156 in all (the portrait text block), set in 五号: each header on one line, and the latest report (a
# sentence or two) the room to read in a few lines rather than a tall column of six characters a line
WIDTHS = (10, 44, 18, 17, 17, 50)
CENTRED = (True, False, True, True, True, False)
NO_DEADLINE = "年内"  # a task without a date is paced to the year's end
ANSWER_WITHIN_DAYS = 7  # the unit reports what it did within a week of the slip's day


@dataclass(frozen=True, slots=True)
class NoticeHeading:
    """What every slip of a run says about the plan: the bureau (whose 办公室 signs) and the plan's title."""

    bureau: str
    plan_title: str
    as_of: dt.date


def notice_file_name(slip: Slip) -> str:
    """督办〔2021〕第3号（综合股）.docx: the number first, so the folder lists the slips in order."""
    return f"{slip.code}（{slip.unit}）.docx".replace("/", "／").replace("\\", "＼")


def write_notice(slip: Slip, heading: NoticeHeading, path: str | os.PathLike[str]) -> Path:
    """Write one slip to `path` (atomically)."""
    doc = gongwen.new_document()
    gongwen.add_title(doc, ["督办通知单"])
    code = gongwen.styled(doc, gongwen.BODY, f"{slip.code}（{slip.level.slip_name}）")
    code.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    code.paragraph_format.first_line_indent = Pt(0)
    gongwen.styled(doc, gongwen.BODY, f"{slip.unit}：").paragraph_format.first_line_indent = Pt(0)
    gongwen.add_body(doc, _request(slip, heading))
    rows = [_row(i, task) for i, task in enumerate(slip.tasks, start=1)]
    table = gongwen.add_table(doc, HEADERS, rows, [Mm(w) for w in WIDTHS], CENTRED, small=True)
    for cell in table.rows[-1].cells:  # the last task goes over with the signature: never a page of it alone
        for par in cell.paragraphs:
            par.paragraph_format.keep_with_next = True
    gongwen.add_body(doc, "").paragraph_format.keep_with_next = True
    _sign(doc, f"{heading.bureau}办公室", format_cn_date(slip.issued_on))
    return save_stamped(doc, path, DocMeta(f"督办通知单 {slip.code}（{slip.unit}）", heading.bureau))


def _request(slip: Slip, heading: NoticeHeading) -> str:
    again = [t for t in slip.tasks if t.times > 1]
    escalated = (f"其中{len(again)}项此前已督办仍未达到序时进度，本次以{slip.level.slip_name}督办。"
                 if again else "")
    answer = format_cn_date(slip.issued_on + dt.timedelta(days=ANSWER_WITHIN_DAYS))
    return (f"截至{format_cn_date(heading.as_of)}，《{heading.plan_title}》中由你股室牵头的以下{len(slip.tasks)}项"
            f"工作任务进度落后于序时进度，现予督办。{escalated}请认真分析原因，采取有效措施加快推进，"
            f"并于{answer}前将推进落实情况书面报局办公室。")


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def _row(index: int, task: UrgedTask) -> list[str]:
    times = f"（第{task.times}次督办）" if task.times > 1 else ""
    return [str(index), f"{task.label}{task.title}{times}", task.deadline or NO_DEADLINE, percent_text(task.expected),
            f"{task.actual}%", task.last_report]


def _sign(doc: DocxDocument, office: str, day: str) -> None:
    """The office and the date at the right, four characters in from the edge, as 公文 sign."""
    for text in (office, day):
        par = gongwen.styled(doc, gongwen.BODY, text)
        par.paragraph_format.keep_with_next = text == office
        par.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        par.paragraph_format.first_line_indent = Pt(0)
        par.paragraph_format.right_indent = gongwen.INDENT * 2
