"""Import speed: each sample plan in ../shared/samples, the largest one printed to PDF and saved as Word 97
(.doc) by LibreOffice (the .doc import includes its conversion back to .docx), plus generated 5,000-task
.txt and .docx files.

Run from the repository root: `python bench/import_bench.py`. Prints file, tasks and seconds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecodesk.domain.numbering import chinese_numeral
from ecodesk.io.plan_import import read_plan

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
SECTIONS_PER_CHAPTER = 10


def synthetic_lines(tasks: int, year: int = 2021) -> list[str]:
    """A plan of `tasks` leaf tasks: chapters of 10 sections of 10 items, each with units and a deadline."""
    lines = [f"某县生态环境局{year}年生态环境工作要点", "一、总体要求", "坚持生态优先、绿色发展。"]
    per_chapter = SECTIONS_PER_CHAPTER * 10
    for i in range(tasks):
        chapter, rest = divmod(i, per_chapter)
        section, item = divmod(rest, 10)
        if rest == 0:
            lines.append(f"{chinese_numeral(chapter + 2)}、第{chapter + 1}部分重点工作")
        if item == 0:
            lines.append(f"（{chinese_numeral(section + 1)}）第{section + 1}组任务")
        lines.append(
            f"{item + 1}.推进第{i + 1}项工作。加强监管，完善机制；持续改善环境质量。"
            f"（责任单位：综合股、生态股；完成时限：{i % 12 + 1}月底前）"
        )
    return lines


def write_txt(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_docx(path: Path, lines: list[str]) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def libreoffice_copy(source: Path, fmt: str, folder: Path) -> Path | None:
    """`source` saved by LibreOffice as `fmt` in `folder`; None when LibreOffice is not installed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        print(f"LibreOffice not installed: no {fmt} figure")
        return None
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(folder), str(source)], check=True, capture_output=True)
    return folder / f"{source.stem}.{fmt}"


def timed(path: Path) -> tuple[int, float]:
    start = time.perf_counter()
    result = read_plan(path)
    return result.summary().tasks, time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lines = synthetic_lines(5000)
        largest = max((p for p in SAMPLES.iterdir() if p.suffix == ".docx"), key=lambda p: p.stat().st_size)
        copies = [libreoffice_copy(largest, fmt, Path(tmp)) for fmt in ("pdf", "doc")]
        files = [
            *sorted(SAMPLES.iterdir()),
            *(copy for copy in copies if copy is not None),
            write_txt(Path(tmp) / "synthetic-5000.txt", lines),
            write_docx(Path(tmp) / "synthetic-5000.docx", lines),
        ]
        print(f"{'file':<40} {'tasks':>6} {'seconds':>8}")
        for path in files:
            tasks, seconds = timed(path)
            print(f"{path.name:<40} {tasks:>6} {seconds:>8.3f}")
            print(f"BENCH\timport {path.name} ({tasks} tasks)\t{seconds * 1000:.0f}\tms")


if __name__ == "__main__":
    main()
