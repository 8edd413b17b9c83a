"""Both Excel exports of the sample plan, cell by cell, against reference snapshots in tests/io/data.

The references were written from the exports as they were before their cell-writing fast path
(tests/io/data/*.json); regenerate them only for an intended change of the files, with
`python -m tests.io.test_export_xlsx_snapshot` from the repository root, and review the diff.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ecodesk.io.excel_export import export_progress_table
from ecodesk.io.unit_sheets import export_unit_sheets
from tests.io.export_sample import AS_OF, build_plan
from tests.io.xlsx_snapshot import snapshot

DATA = Path(__file__).parent / "data"
EXPORTS: dict[str, Callable[[Path], Path]] = {
    "unit_sheets": lambda p: export_unit_sheets(build_plan(), p, as_of=AS_OF),
    "unit_sheets_named": lambda p: export_unit_sheets(build_plan(), p, units=["法规股", "大气股"], as_of=AS_OF),
    "progress_table": lambda p: export_progress_table(build_plan(), p, AS_OF),
}


def _current(name: str, folder: Path) -> list[dict[str, Any]]:
    """The export's snapshot, through JSON so that tuples and lists compare alike."""
    return json.loads(json.dumps(snapshot(EXPORTS[name](folder / f"{name}.xlsx")), ensure_ascii=False))


@pytest.mark.parametrize("name", EXPORTS)
def test_export_matches_reference_cell_by_cell(name: str, tmp_path: Path) -> None:
    expected = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    actual = _current(name, tmp_path)
    assert [s["title"] for s in actual] == [s["title"] for s in expected]
    for got, want in zip(actual, expected, strict=True):
        for key in want:
            if key == "cells":
                assert len(got["cells"]) == len(want["cells"]), got["title"]
                for number, (got_row, want_row) in enumerate(zip(got["cells"], want["cells"], strict=True), start=1):
                    assert got_row == want_row, f"{got['title']} row {number}"
            else:
                assert got[key] == want[key], f"{got['title']} {key}"


def _to_json(sheets: list[dict[str, Any]]) -> str:
    """One line per table row and per other key, so that a change shows as a readable diff."""
    def line(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    blocks = []
    for sheet in sheets:
        rows = ",\n".join(f"   {line(row)}" for row in sheet["cells"])
        rest = [f"  {line(key)}: {line(value)}" for key, value in sheet.items() if key != "cells"]
        blocks.append(" {\n" + ",\n".join([*rest, f'  "cells": [\n{rows}\n  ]']) + "\n }")
    return "[\n" + ",\n".join(blocks) + "\n]\n"


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for export in EXPORTS:
            (DATA / f"{export}.json").write_text(_to_json(_current(export, Path(tmp))), encoding="utf-8")
