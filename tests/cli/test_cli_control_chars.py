"""Control characters typed or pasted by a clerk (\\x0b from Word, \\x01…) are never stored, and a
database that already holds them still exports: Word and Excel refuse such characters."""

import json
import sqlite3

import docx
import openpyxl

from tests.conftest import run_cli

VT = "\x0b"


def _exports_succeed(db, tmp_path) -> str:
    """Export every file kind; the text of the Word plan and summary, joined."""
    texts = []
    for kind, name in (("word", "要点.docx"), ("summary", "总结.docx"), ("excel", "进展.xlsx"), ("units", "股室.xlsx")):
        out = tmp_path / name
        result = run_cli("export", kind, "-o", str(out), db=db)
        assert result.returncode == 0, (kind, result.stderr)
        if out.suffix == ".docx":
            texts.append("\n".join(p.text for p in docx.Document(str(out)).paragraphs))
        else:
            openpyxl.load_workbook(out)
    return "\n".join(texts)


def test_typed_control_characters_are_not_stored(tmp_path) -> None:
    db = tmp_path / "typed.sqlite"
    steps = [
        ("plan", "new", "--year", "2021", "--title", f"2021年{VT}工作要点"),
        ("unit", "add", f"综合{VT}股", "--short", f"综{VT}合"),
        ("task", "add", "--title", f"加强{VT}监测\x01", "--measures", "措施\x1f一\r\n措施二", "--lead", "综合股",
         "--deadline-text", f"6月底前{VT}"),
        ("progress", "add", "1", "--text", f"已完成{VT}方案", "--unit", f"综合{VT}股", "--date", "2021-05-01"),
    ]
    for step in steps:
        result = run_cli(*step, db=db)
        assert result.returncode == 0, (step, result.stderr)
    out = tmp_path / "plan.json"
    assert run_cli("export", "json", "-o", str(out), db=db).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    [task] = data["tasks"]
    assert data["plan"]["title"] == "2021年工作要点"
    assert (task["title"], task["measures"], task["deadline_text"]) == ("加强监测", "措施一\n措施二", "6月底前")
    assert task["progress"][0]["text"] == "已完成方案" and task["progress"][0]["unit"] == "综合股"
    assert "加强监测" in _exports_succeed(db, tmp_path)


def test_old_database_holding_control_characters_still_exports(tmp_path) -> None:
    db = tmp_path / "old.sqlite"
    for step in (("plan", "new", "--year", "2021"), ("unit", "add", "综合股"),
                 ("task", "add", "--title", "加强监测", "--lead", "综合股")):
        assert run_cli(*step, db=db).returncode == 0
    with sqlite3.connect(db) as con:  # as an older EcoDesk stored them
        con.execute("UPDATE tasks SET title = ?, measures = ?", (f"加强{VT}监测", f"措施{VT}\x01一"))
        con.execute("UPDATE plans SET title = ?", (f"2021年{VT}工作要点",))
    con.close()
    text = _exports_succeed(db, tmp_path)
    assert "加强监测" in text and VT not in text
