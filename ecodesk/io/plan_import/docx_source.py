"""Word documents (also WPS): paragraphs and tables in body order, with automatic numbering drawn.

A paragraph's line number is its position among all paragraphs of the body (table rows count as one
each), which is what a clerk sees when counting paragraphs in Word's navigation.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import.docx_numbering import MAX_LEVELS, NumberingState, xml_int
from ecodesk.io.plan_import.guard import PARSER_FAILURES
from ecodesk.io.plan_import.rawtree import SourceLine
from ecodesk.io.plan_import.table import Row, table_lines

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
_SKIPPED = {qn("w:del"), qn("w:delText"), qn("w:instrText"), qn("w:txbxContent"), qn("w:pPr"), qn("w:rPr")}
_MAX_STYLE_CHAIN = 10
MAX_COLUMNS = 63  # Word's limit; a cell spanning 2,000,000,000 grid columns would fill memory


def read_lines(data: bytes, name: str) -> list[SourceLine]:
    """Lines of the body; python-docx reads parts lazily, so a broken part may fail while walking it."""
    try:
        document = docx.Document(io.BytesIO(data))
        return list(_BodyReader(document).lines(document.element.body))
    except (PackageNotFoundError, *PARSER_FAILURES) as exc:
        raise InputFileError(f"文件“{name}”已损坏或不是有效的 Word 文档（.docx），无法读取") from exc


class _BodyReader:
    """Walks the body once, keeping numbering counters and a running paragraph number."""

    def __init__(self, document: docx.document.Document) -> None:
        part = document.part
        numbering = part.numbering_part.element if _has_numbering(part) else None
        self.numbering = NumberingState.from_xml(numbering)
        self.style_numbering = _style_numbering(document)
        self.count = 0

    def lines(self, container: etree._Element) -> Iterator[SourceLine]:
        for child in container.iterchildren():
            if child.tag == _P:
                self.count += 1
                yield self.count, self.paragraph_text(child)
            elif child.tag == _TBL:
                yield from table_lines(self.table_rows(child))
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    yield from self.lines(content)

    def paragraph_text(self, p: etree._Element) -> str:
        return self.label(p) + _text(p)

    def label(self, p: etree._Element) -> str:
        num_id, ilvl = _num_pr(p)
        if num_id is None:
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            style_id = style.get(qn("w:val")) if style is not None else ""
            num_id, style_ilvl = self.style_numbering.get(style_id, (None, 0))
            ilvl = style_ilvl if ilvl is None else ilvl
        if num_id is None or num_id == "0":
            return ""
        return self.numbering.label(num_id, ilvl or 0)

    def table_rows(self, tbl: etree._Element) -> Iterator[Row]:
        """Rows of cell texts; a vertically merged continuation cell reads as blank (“value above”)."""
        for tr in tbl.iterchildren(qn("w:tr")):
            self.count += 1
            cells: list[str] = []
            for tc in tr.iterchildren(qn("w:tc")):
                merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                continued = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
                text = "" if continued else "\n".join(self.paragraph_text(p) for p in tc.iter(_P))
                span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                width = xml_int(span.get(qn("w:val")), 1, 1, MAX_COLUMNS) if span is not None else 1
                cells.extend([text.strip(), *[""] * (width - 1)])
            yield self.count, cells


def _has_numbering(part: docx.parts.document.DocumentPart) -> bool:
    return any(rel.reltype.endswith("/numbering") for rel in part.rels.values())


def _num_pr(p: etree._Element) -> tuple[str | None, int | None]:
    num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        return None, None
    num_id = num_pr.find(qn("w:numId"))
    ilvl = num_pr.find(qn("w:ilvl"))
    level = ilvl.get(qn("w:val")) if ilvl is not None else None
    return (
        num_id.get(qn("w:val")) if num_id is not None else None,
        xml_int(level, None, 0, MAX_LEVELS - 1),
    )


def _style_numbering(document: docx.document.Document) -> dict[str, tuple[str | None, int]]:
    """Paragraph styles that carry numbering (headings linked to a list, common in WPS files)."""
    styles = document.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    found: dict[str, tuple[str | None, int]] = {}
    for style_id, style in by_id.items():
        current, hops = style, 0
        while current is not None and hops < _MAX_STYLE_CHAIN:
            num_id, ilvl = _num_pr(current)
            if num_id is not None:
                found[style_id] = (num_id, ilvl or 0)
                break
            based = current.find(qn("w:basedOn"))
            current = by_id.get(based.get(qn("w:val"))) if based is not None else None
            hops += 1
    return found


def _text(p: etree._Element) -> str:
    """Visible text of a paragraph: runs, hyperlinks, insertions; not deletions, field codes or text boxes."""
    out: list[str] = []
    stack = list(reversed(list(p)))
    while stack:
        el = stack.pop()
        if el.tag in _SKIPPED:
            continue
        if el.tag in _TEXT_TAGS:
            out.append(el.text or "" if _TEXT_TAGS[el.tag] is None else _TEXT_TAGS[el.tag])
            continue
        stack.extend(reversed(list(el)))
    return "".join(out)
