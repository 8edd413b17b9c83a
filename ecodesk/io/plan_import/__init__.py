"""Importing a published 工作要点 (.txt, .docx, .xlsx) into a PlanTree. No Qt, no SQL, no database.

Each format reader turns its file into (line number, text) pairs; structure.parse_lines turns those
into the plan. `read_plan` checks the file first (type, size, zip bombs, DTDs) so that the readers
only ever see files that are safe to parse.
"""

from __future__ import annotations

from pathlib import Path

from ecodesk.io.plan_import import docx_source, guard, text_source, xlsx_source
from ecodesk.io.plan_import.result import ImportResult, ImportSummary
from ecodesk.io.plan_import.structure import parse_lines

_READERS = {
    ".txt": text_source.read_lines,
    ".docx": docx_source.read_lines,
    ".xlsx": xlsx_source.read_lines,
}
SUPPORTED_SUFFIXES = tuple(_READERS)


def read_plan(path: Path, year: int | None = None) -> ImportResult:
    """Read a plan document; `year` overrides the year in its title. Raises InputFileError."""
    path = Path(path)
    data = guard.checked_bytes(path, SUPPORTED_SUFFIXES)
    lines = _READERS[path.suffix.lower()](data, path.name)
    return parse_lines(lines, path.name, year)


__all__ = ["SUPPORTED_SUFFIXES", "ImportResult", "ImportSummary", "read_plan"]
