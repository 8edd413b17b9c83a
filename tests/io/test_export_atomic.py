"""Every export is written whole or not at all: failures are UserErrors and leave no trace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ecodesk.domain.errors import UserError
from ecodesk.domain.plan import PlanTree
from ecodesk.io.atomic import atomic_write
from ecodesk.io.excel_export import export_progress_table
from ecodesk.io.summary_export import export_summary
from ecodesk.io.unit_sheets import export_unit_sheets
from ecodesk.io.word_export import export_word
from tests.io.export_sample import AS_OF, build_plan

plan = pytest.fixture(build_plan, name="plan")

EXPORTS: dict[str, Callable[[PlanTree, Path], Path]] = {
    "word": lambda plan, path: export_word(plan, path),
    "excel": lambda plan, path: export_progress_table(plan, path, as_of=AS_OF),
    "units": lambda plan, path: export_unit_sheets(plan, path, as_of=AS_OF),
    "units-docx": lambda plan, path: export_unit_sheets(plan, path, fmt="docx", as_of=AS_OF),
    "summary": lambda plan, path: export_summary(plan, path, today=AS_OF),
}


@pytest.mark.parametrize("kind", EXPORTS)
def test_missing_folder_is_a_user_error(kind: str, plan: PlanTree, tmp_path: Path) -> None:
    target = tmp_path / "没有这个文件夹" / "导出.docx"
    with pytest.raises(UserError, match=r"文件夹.*不存在") as err:
        EXPORTS[kind](plan, target)
    assert str(target) in str(err.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", EXPORTS)
def test_target_that_is_a_folder_is_a_user_error(kind: str, plan: PlanTree, tmp_path: Path) -> None:
    target = tmp_path / "导出.xlsx"
    target.mkdir()
    (target / "keep.txt").write_text("old")
    with pytest.raises(UserError, match="无法保存"):
        EXPORTS[kind](plan, target)
    assert (target / "keep.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["导出.xlsx"]


@pytest.mark.parametrize("kind", EXPORTS)
def test_export_replaces_an_old_file_and_leaves_no_temporary(kind: str, plan: PlanTree, tmp_path: Path) -> None:
    target = tmp_path / "导出.bin"
    target.write_bytes(b"old")
    assert EXPORTS[kind](plan, target) == target
    assert target.read_bytes()[:2] == b"PK"  # a zip container: .docx and .xlsx alike
    assert [p.name for p in tmp_path.iterdir()] == ["导出.bin"]


def test_failed_save_keeps_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "进展.xlsx"
    target.write_bytes(b"old version")
    with pytest.raises(UserError, match="无法保存"), atomic_write(target) as tmp:
        tmp.write_bytes(b"PK half")  # half a file written, then the disk is full
        raise OSError(28, "No space left on device")
    assert target.read_bytes() == b"old version"
    assert [p.name for p in tmp_path.iterdir()] == ["进展.xlsx"]


def test_unknown_unit_leaves_the_old_file_alone(plan: PlanTree, tmp_path: Path) -> None:
    target = tmp_path / "分单位.xlsx"
    export_unit_sheets(plan, target, as_of=AS_OF)
    before = target.read_bytes()
    with pytest.raises(UserError):
        export_unit_sheets(plan, target, units=["不存在的股室"])
    assert target.read_bytes() == before
    assert load_workbook(target).sheetnames[0] == "综合股"
