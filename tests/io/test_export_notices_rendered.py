"""The 督办通知单 and the 督查通报 printed through LibreOffice, as a clerk files them (slow: two renders): the
office's signature never stands alone on a page, and each annex of the 通报 begins a page of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

from ecodesk.services.bulletin import export_bulletin
from ecodesk.services.urgings import issue_notices
from ecodesk.store.db import Database
from tests.io.conftest import libreoffice_convert
from tests.year_of_updates import QUARTER_ENDS, ReportedYear

pytestmark = pytest.mark.slow


def pages(docx: Path, folder: Path) -> list[str]:
    """The printed pages' text, without the spaces the PDF's layout puts between characters."""
    text = extract_text(str(libreoffice_convert(docx, "pdf", folder)))
    return ["".join(page.split()) for page in text.split("\f") if page.strip()]


def test_printed_slips_and_bulletin_keep_their_parts_together(db: Database, reported_year: ReportedYear,
                                                              tmp_path: Path) -> None:
    run = issue_notices(db, reported_year.plan_id, QUARTER_ENDS[1], tmp_path / "督办")
    biggest = max(range(len(run.slips)), key=lambda i: len(run.slips[i].tasks))
    printed = pages(run.paths[biggest], tmp_path)
    [signed] = [p for p in printed if "南昌市新建生态环境局办公室" in p]
    assert "%" in signed  # a task's row (its percents) goes over with the signature
    bulletin = pages(export_bulletin(db, reported_year.plan_id, "2021-H1", tmp_path / "通报.docx"), tmp_path)
    assert [p[:3] for p in bulletin if p.startswith("附件")] == ["附件1", "附件2"]
    assert bulletin[0].startswith("督查通报第2期")
