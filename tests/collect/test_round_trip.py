"""The 进展征集 round trip on the 新建 sample: tables sent, filled in as 股室 fill them, returned (one re-saved
by LibreOffice, one with its rows reversed), received: the updates with their units, dates and authors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ecodesk.domain.collection import RowKind
from ecodesk.domain.status import Status
from ecodesk.io.collect_xlsx import META_SHEET, read_return
from ecodesk.services import collection
from ecodesk.services.plans import load_plan
from ecodesk.services.progress import add_progress
from ecodesk.store.db import Database
from tests.collect.returns import drop_meta, fill, resave_in_libreoffice, reverse_rows, task_rows, xinjian

H1 = "2021-H1"


@pytest.fixture
def sent(db: Database, tmp_path: Path) -> tuple[int, dict[str, Path]]:
    plan_id = xinjian(db)
    paths = collection.send_forms(db, plan_id, H1, tmp_path, ["综合股", "监测站", "生态股"])
    return plan_id, {p.name.split("-")[0]: p for p in paths}


def test_a_sent_table_lists_the_units_tasks_locked_but_for_the_fill_in_cells(db: Database, tmp_path: Path) -> None:
    plan_id = xinjian(db)
    task = next(t for t in load_plan(db, plan_id).walk() if t.lead_units == ["综合股"])
    assert task.id is not None
    add_progress(db, task.id, date=dt.date(2021, 3, 20), text="一季度已完成规划初稿。", percent=20)
    add_progress(db, task.id, date=dt.date(2021, 4, 20), text="四月的进展不是上期的。", percent=30)
    [path] = collection.send_forms(db, plan_id, H1, tmp_path, ["综合股"])
    assert path.name == "综合股-2021年上半年进展征集表.xlsx"
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert wb[META_SHEET].sheet_state == "hidden" and ws.column_dimensions["A"].hidden
    rows = task_rows(ws)
    roles = [ws.cell(r, 6).value for r in rows]
    assert roles == sorted(roles, key=lambda role: not role.startswith("牵头"))  # led first, then co-worked
    assert "配合" in roles and any("各股室" in r for r in roles)  # tasks of 各股室 are the unit's too
    first = rows[[ws.cell(r, 1).value for r in rows].index(task.id)]
    assert ws.cell(first, 7).value == "3月20日：一季度已完成规划初稿。"  # 上期: as of the end of 一季度
    assert ws.protection.sheet and ws.cell(first, 3).protection.locked
    assert not any(ws.cell(first, c).protection.locked for c in range(8, 14))
    kinds = {dv.type: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert kinds["list"].startswith("J") and kinds["whole"].startswith("I")
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.print_title_rows == "$4:$4"


def test_returns_are_recorded_with_their_units_dates_and_authors(db: Database,
                                                                 sent: tuple[int, dict[str, Path]]) -> None:
    plan_id, paths = sent
    zonghe = fill(paths["综合股"], {0: ("规划初稿已完成，\n正在征求意见。", 60, "推进中"),
                                   1: ("已完成", 100, "已完成")},
                  filled_on=dt.date(2021, 6, 28), problems="经费不足", next_steps="7月报审")
    jiance = resave_in_libreoffice(fill(paths["监测站"], {0: ("监测方案已印发。", 50, None)}, author="王五"))
    meta = read_return(jiance).meta  # LibreOffice (and WPS) keep the hidden sheet and column
    assert meta is not None and meta.intact
    shengtai = reverse_rows(fill(paths["生态股"], {0: ("生态红线已勘界。", 40, "推进中")},
                                 filled_on=dt.date(2021, 7, 3)))
    results = [collection.receive_return(db, collection.preview_return(db, plan_id, p, H1))
               for p in (zonghe, jiance, shengtai)]
    assert [r.recorded for r in results] == [2, 1, 1]
    plan = load_plan(db, plan_id)
    by_text = {p.text: (t, p) for t in plan.walk() for p in t.progress}
    task, entry = by_text["规划初稿已完成，\n正在征求意见。"]
    assert (entry.unit, entry.author, entry.date, entry.percent) == ("综合股", "李四", dt.date(2021, 6, 28), 60)
    assert (entry.problems, entry.next_steps) == ("经费不足", "7月报审")
    assert (task.status, task.percent) == (Status.IN_PROGRESS, 60)
    assert by_text["已完成"][0].status is Status.DONE
    _, entry = by_text["监测方案已印发。"]
    assert (entry.unit, entry.author, entry.date) == ("监测站", "王五", dt.date(2021, 6, 30))  # no date: period end
    task, entry = by_text["生态红线已勘界。"]
    # filled in after the period ended: dated its end, so the 上半年 report shows it
    assert (entry.unit, entry.date) == ("生态股", dt.date(2021, 6, 30))
    assert "生态股" in task.lead_units  # the reversed table still put the text on its own task
    june = load_plan(db, plan_id, as_of=dt.date(2021, 6, 30))
    assert sum(1 for t in june.walk() for p in t.progress) == 4


def test_the_same_table_received_again_adds_nothing_and_says_so(db: Database,
                                                                sent: tuple[int, dict[str, Path]]) -> None:
    plan_id, paths = sent
    path = fill(paths["综合股"], {0: ("规划初稿已完成。", 60, "推进中")})
    first = collection.receive_return(db, collection.preview_return(db, plan_id, path))
    again = collection.preview_return(db, plan_id, resave_in_libreoffice(path))
    assert again.received_at is not None and again.count(RowKind.SAME) == 1 and not again.default_accepted()
    second = collection.receive_return(db, again)
    assert (first.recorded, second.recorded) == (1, 0) and "接收过" in second.message
    assert sum(len(t.progress) for t in load_plan(db, plan_id).walk()) == 1


def test_a_table_without_its_hidden_sheet_is_matched_by_number_and_title(
        db: Database, sent: tuple[int, dict[str, Path]]) -> None:
    plan_id, paths = sent
    path = drop_meta(fill(paths["综合股"], {2: ("远景目标研究已启动。", 30, "推进中")}))
    preview = collection.preview_return(db, plan_id, path)
    assert (preview.unit, preview.period.key) == ("综合股", H1)
    [row] = [r for r in preview.rows if r.kind is RowKind.NEW]
    assert row.label.endswith("研究美丽南昌建设远景目标")


def test_a_task_another_unit_reported_or_edited_since_sending_is_a_conflict(
        db: Database, sent: tuple[int, dict[str, Path]]) -> None:
    plan_id, paths = sent
    ws = load_workbook(paths["综合股"]).worksheets[0]
    ids = [ws.cell(r, 1).value for r in task_rows(ws)]
    shared = next(n for n, i in enumerate(ids) if i in _ids(paths["监测站"]))  # a task both units answer for
    collection.receive_return(db, collection.preview_return(
        db, plan_id, fill(paths["监测站"], {_ids(paths["监测站"]).index(ids[shared]): ("监测站先报。", 10, None)})))
    edited = next(n for n in range(len(ids)) if n != shared)
    add_progress(db, ids[edited], date=dt.date(2021, 5, 1), text="办公室在窗口里记了一条。")
    preview = collection.preview_return(db, plan_id, fill(paths["综合股"], {shared: ("综合股也报。", 20, None),
                                                                          edited: ("综合股的进展。", 30, None)}))
    conflicts = {r.task_id: r.reason for r in preview.rows if r.kind is RowKind.CONFLICT}
    assert "监测站" in conflicts[ids[shared]] and "修改" in conflicts[ids[edited]]
    assert collection.receive_return(db, preview).recorded == 0  # a conflict waits for the clerk's tick
    lines = {r.line for r in preview.rows if r.kind is RowKind.CONFLICT}
    assert collection.receive_return(db, preview, lines).recorded == 2  # ticked: recorded


def _ids(path: Path) -> list[int]:
    ws = load_workbook(path).worksheets[0]
    return [ws.cell(r, 1).value for r in task_rows(ws)]


def test_the_register_names_who_returned_when_and_who_has_not(db: Database,
                                                              sent: tuple[int, dict[str, Path]]) -> None:
    plan_id, paths = sent
    collection.receive_return(db, collection.preview_return(
        db, plan_id, fill(paths["综合股"], {0: ("一", 10, None), 1: ("二", 20, None)})))
    rows = {r.unit: r for r in collection.register(db, plan_id, H1)}
    assert rows["综合股"].returned and rows["综合股"].rows == 2 and rows["综合股"].received_at is not None
    assert rows["综合股"].filled_by == "李四"
    assert not rows["监测站"].returned and not rows["执法分局"].returned


def test_a_table_with_a_column_and_a_row_added_and_cells_merged_still_reads(
        db: Database, sent: tuple[int, dict[str, Path]]) -> None:
    plan_id, paths = sent
    path = fill(paths["综合股"], {0: ("第一项的进展", 30, None), 1: ("第二项的进展", 40, None)}, problems="缺人手")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws.insert_cols(8)  # a 股室 adds a 备注 column before 本期进展情况
    first, second = task_rows(ws)[:2]
    ws.cell(first - 1, 8).value = "备注"
    ws.cell(first, 8).value = "自加的列"
    ws.insert_rows(second)  # and a row of its own between the two
    ws.cell(second, 3).value = "股室自己加的一项"
    ws.cell(second, 9).value = "自己加的进展"
    ws.merge_cells(start_row=first, start_column=12, end_row=second + 1, end_column=12)  # 存在问题 merged down
    wb.save(path)
    preview = collection.preview_return(db, plan_id, path)
    new = [r for r in preview.rows if r.kind is RowKind.NEW]
    assert [r.fill.text for r in new if r.fill] == ["第一项的进展", "第二项的进展"]
    assert [r.fill.problems for r in new if r.fill] == ["缺人手", ""]  # a merged cell's text is its first row's
    [added] = [r for r in preview.rows if r.kind is RowKind.UNMATCHED]
    assert "股室自己加的一项" in added.reason


def test_a_returned_update_survives_its_task_deleted_and_restored_and_a_unit_renamed(
        db: Database, sent: tuple[int, dict[str, Path]]) -> None:
    from ecodesk.services import tree, units

    plan_id, paths = sent
    preview = collection.preview_return(db, plan_id, fill(paths["综合股"], {0: ("有进展", 20, None)},
                                                          problems="缺资金", next_steps="争取资金"))
    collection.receive_return(db, preview)
    [row] = [r for r in preview.rows if r.kind is RowKind.NEW]
    assert row.task_id is not None
    tree.restore_task(db, tree.delete_task(db, row.task_id))
    [entry] = next(t for t in load_plan(db, plan_id).walk() if t.id == row.task_id).progress
    assert (entry.problems, entry.next_steps) == ("缺资金", "争取资金")
    zonghe = next(u for u in units.list_units(db) if u.name == "综合股")
    assert zonghe.id is not None
    units.rename_unit(db, zonghe.id, "综合规划股")
    returned = {r.unit: r for r in collection.register(db, plan_id, H1)}
    assert returned["综合规划股"].returned and "综合股" not in returned


def test_the_reports_print_a_returns_problems_and_next_steps(db: Database, sent: tuple[int, dict[str, Path]],
                                                             tmp_path: Path) -> None:
    from ecodesk.services.exporting import ExportOptions, export_plan

    plan_id, paths = sent
    collection.receive_return(db, collection.preview_return(db, plan_id, fill(
        paths["综合股"], {0: ("规划已报审。", 80, None)}, problems="待批复", next_steps="7月印发")))
    path = export_plan(db, plan_id, "excel", tmp_path / "进展情况表.xlsx", ExportOptions(as_of=dt.date(2021, 6, 30)))
    ws = load_workbook(path).active
    headers = [c.value for c in ws[3]]
    row = next([c.value for c in r] for r in ws.iter_rows(min_row=4) if r[6].value == "6月30日：规划已报审。")
    assert (row[headers.index("存在问题")], row[headers.index("下步打算")]) == ("待批复", "7月印发")
