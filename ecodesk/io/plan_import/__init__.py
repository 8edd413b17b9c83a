"""Importing a published 工作要点 (.txt, .docx, .xlsx, .pdf; .doc/.wps/.rtf/.xls/.et through LibreOffice, Word,
Excel or WPS) into a PlanTree. No Qt, no SQL, no database.

Each format reader (and pasted.py, for text from the clipboard) turns its file into (line number, text)
pairs; structure.parse_lines turns those into the plan. Old and WPS formats are converted to .docx/.xlsx
first (convert.py). `read_plan` checks the file first (type, size, zip bombs, DTDs) so that the readers only
ever see files that are safe to parse.
"""

from __future__ import annotations

from pathlib import Path

from ecodesk.io.plan_import import convert, docx_source, guard, pasted, pdf_source, text_source, xlsx_source
from ecodesk.io.plan_import.rawtree import SourceLine
from ecodesk.io.plan_import.result import ImportResult, ImportSummary
from ecodesk.io.plan_import.structure import parse_lines

_READERS = {
    ".txt": text_source.read_lines,
    ".docx": docx_source.read_lines,
    ".xlsx": xlsx_source.read_lines,
    ".pdf": pdf_source.read_lines,
}
SUPPORTED_SUFFIXES = (*_READERS, *convert.TARGET)


def read_plan(path: Path, year: int | None = None) -> ImportResult:
    """Read a plan document; `year` overrides the year in its title. Raises InputFileError.

    An old or WPS format is first converted to .docx/.xlsx (convert.py); messages name the original."""
    return parse_lines(document_lines(path), Path(path).name, year)


def document_lines(path: Path) -> list[SourceLine]:
    """The numbered lines of any document the importer reads (also a 进展 report's: io/progress_report.py),
    checked first and converted from an old or WPS format when needed."""
    path = Path(path)
    if path.suffix.lower() not in convert.TARGET:
        return _lines(path, path.name)
    guard.checked_bytes(path, SUPPORTED_SUFFIXES)
    with convert.converted(path) as copy:
        return _lines(copy, path.name)


PASTED_NAME = "粘贴的内容"  # what messages call pasted text, where they name a file


def read_pasted(text: str, html: str = "", year: int | None = None) -> ImportResult:
    """Read text copied from a notice, a web page or a chat (and its HTML, when the clipboard has it)."""
    return parse_lines(pasted.pasted_lines(text, html), PASTED_NAME, year)


def _lines(path: Path, name: str) -> list[SourceLine]:
    data = guard.checked_bytes(path, tuple(_READERS), name)
    return _READERS[path.suffix.lower()](data, name)


__all__ = ["PASTED_NAME", "SUPPORTED_SUFFIXES", "ImportResult", "ImportSummary", "document_lines", "read_pasted",
           "read_plan"]
