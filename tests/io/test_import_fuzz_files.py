"""Mutated real documents imported in-process through `ecodesk import` (cli.main, the CLI's own path):
each gives a plan or exit status 2 with one Chinese line, never a traceback, and a refused file leaves
the database as it was.

Mutations of the sample plans in shared/samples (and of a task table built from one): byte flips,
truncations, and for .docx/.xlsx zip members cut, dropped, replaced or given hostile attribute values
(huge, negative, non-numeric), rewritten with valid checksums so that the parsers, not only the zip
reader, see them. The quick test runs a few dozen fixed cases; the slow one a few hundred.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import sqlite3
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from ecodesk import cli
from ecodesk.io.plan_import import read_plan
from tests.conftest import SAMPLES
from tests.io.zips import members, zip_bytes

Mutation = Callable[[random.Random, bytes], bytes]

_HOSTILE_VALUES = ("9" * 4200, "999999999999999", "2000000000", "-1", "0", "abc", "", "1e309", "NaN", "XFD1048576")
_ATTRIBUTE = re.compile(rb'(\w+(?::\w+)?)="([^"]*)"')
# Words a Chinese message may carry: format and product names, and the option it points to.
_ALLOWED_LATIN = {"xml", "dtd", "excel", "word", "office", "wps", "docx", "xlsx", "txt", "utf", "gbk", "bom",
                  "png", "jpeg", "gif", "pdf", "rar", "gzip", "rtf", "replace", "doc", "xls"}


def _flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _member_mutation(change: Callable[[random.Random, dict[str, bytes], str], None]) -> Mutation:
    """A mutation of one zip member (picked at random among the XML parts), the archive rebuilt whole."""

    def mutate(rng: random.Random, data: bytes) -> bytes:
        parts = members(data)
        name = rng.choice(sorted(n for n in parts if n.endswith((".xml", ".rels"))))
        change(rng, parts, name)
        return zip_bytes(parts)

    mutate.__qualname__ = f"member{change.__name__}"
    return mutate


def _cut(rng: random.Random, members: dict[str, bytes], name: str) -> None:
    members[name] = members[name][: rng.randrange(len(members[name]) + 1)]


def _drop(rng: random.Random, members: dict[str, bytes], name: str) -> None:
    del members[name]


def _swap(rng: random.Random, members: dict[str, bytes], name: str) -> None:
    members[name] = members[rng.choice(sorted(members))]


def _flip_member(rng: random.Random, members: dict[str, bytes], name: str) -> None:
    members[name] = _flip_bytes(rng, members[name]) if members[name] else b"\x00"


def _hostile_attributes(rng: random.Random, members: dict[str, bytes], name: str) -> None:
    found = list(_ATTRIBUTE.finditer(members[name]))
    if not found:
        return
    xml = members[name]
    for m in sorted(rng.sample(found, min(len(found), rng.randint(1, 6))), key=lambda m: -m.start()):
        value = rng.choice(_HOSTILE_VALUES).encode()
        xml = xml[: m.start(2)] + value + xml[m.end(2) :]
    members[name] = xml


PLAIN_MUTATIONS: list[Mutation] = [_flip_bytes, _truncate]
ZIP_MUTATIONS: list[Mutation] = [
    *PLAIN_MUTATIONS,
    *(_member_mutation(change) for change in (_cut, _drop, _swap, _flip_member, _hostile_attributes)),
    _member_mutation(_hostile_attributes),
    _member_mutation(_hostile_attributes),
]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sample documents, and an Excel task table made from one of them (no sample .xlsx exists)."""
    found = {p.name: p.read_bytes() for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".docx")}
    found["xinjian-2021-table.xlsx"] = _table_from(SAMPLES / "xinjian-2021-gongzuoyaodian.docx")
    return found


def _table_from(path: Path) -> bytes:
    plan = read_plan(path).plan
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([plan.title])
    sheet.append(["序号", "重点任务", "工作任务", "牵头单位", "配合单位", "完成时限"])
    for number, task in enumerate((t for t in plan.walk() if t.is_leaf), start=1):
        sheet.append([number, task.title[:10], task.measures or task.title, "、".join(task.lead_units),
                      "、".join(task.co_units), task.deadline_text or None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database already holding the 2021 plan, which each successful import replaces."""
    path = tmp_path_factory.mktemp("fuzz-db") / "base.sqlite"
    assert cli.main(["import", str(SAMPLES / "xinjian-2021-gongzuoyaodian.docx"), "--db", str(path)]) == 0
    return path


def _row_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    con.close()
    return counts


def _latin_words(message: str) -> set[str]:
    """Latin words of a message outside its “quoted” parts (file, part and cell names are quoted)."""
    unquoted = re.sub(r"“[^”]*”", "", message)
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", unquoted)} - _ALLOWED_LATIN


def _check_case(tmp_path: Path, db: Path, name: str, data: bytes, what: str, capsys: pytest.CaptureFixture) -> int:
    """Import one mutated file; assert the outcome is a plan or one Chinese line with nothing changed."""
    path = tmp_path / name
    path.write_bytes(data)
    before_bytes, before_rows = db.read_bytes(), _row_counts(db)
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        status = cli.main(["import", str(path), "--db", str(db), "--replace"])
    err = capsys.readouterr().err
    assert status in (0, 2), (what, status, err)
    assert not caught, (what, [str(w.message) for w in caught])  # a warning is an English line on stderr
    if status == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("错误："), (what, err)
        assert not _latin_words(lines[0]), (what, err)
        assert db.read_bytes() == before_bytes and _row_counts(db) == before_rows, what
    return status


def _run(tmp_path: Path, base_db: Path, seeds: dict[str, bytes], cases: int, seed: int,
         capsys: pytest.CaptureFixture) -> dict[int, int]:
    db = tmp_path / "fuzz.sqlite"
    shutil.copy(base_db, db)
    rng = random.Random(seed)
    outcomes = {0: 0, 2: 0}
    for index in range(cases):
        name = rng.choice(sorted(seeds))
        mutations = PLAIN_MUTATIONS if name.endswith(".txt") else ZIP_MUTATIONS
        mutation = rng.choice(mutations)
        case_seed = rng.randrange(2**32)
        data = mutation(random.Random(case_seed), seeds[name])
        what = f"case {index}: {name}, {getattr(mutation, '__qualname__', mutation)}, seed {case_seed}"
        outcomes[_check_case(tmp_path, db, name, data, what, capsys)] += 1
    return outcomes


def test_mutated_documents_quick(tmp_path: Path, base_db: Path, seeds: dict[str, bytes], capsys) -> None:
    outcomes = _run(tmp_path, base_db, seeds, cases=40, seed=1, capsys=capsys)
    assert outcomes[0] and outcomes[2]  # both kinds of outcome are exercised


@pytest.mark.slow
def test_mutated_documents_many(tmp_path: Path, base_db: Path, seeds: dict[str, bytes], capsys) -> None:
    outcomes = _run(tmp_path, base_db, seeds, cases=600, seed=7, capsys=capsys)
    assert outcomes[0] and outcomes[2]
