"""PDF plans with a text layer: the samples printed to PDF by LibreOffice import like the originals, page
headers, footers and numbers are dropped, and a scanned PDF (images only) is refused with a clear message."""

from __future__ import annotations

import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pdfminer.high_level import extract_text

from ecodesk.domain.errors import InputFileError
from ecodesk.io.plan_import import read_plan
from tests.conftest import run_cli
from tests.io.conftest import Convert
from tests.io.plan_trees import tree_of

XINJIAN = "xinjian-2021-gongzuoyaodian.docx"


@pytest.mark.parametrize(
    "name", [XINJIAN, "dalian-2021-gongzuoyaodian.txt", "fuzhou-2022-gongzuoyaodian.txt"]
)
def test_a_sample_printed_to_pdf_imports_to_the_same_plan(samples_dir: Path, office_copy: Convert,
                                                          name: str) -> None:
    original = read_plan(samples_dir / name)
    printed = read_plan(office_copy(samples_dir / name, "pdf"))
    assert tree_of(printed) == tree_of(original)
    assert printed.unplaced == []


def _with_header_and_page_numbers(source: Path, target: Path) -> Path:
    """The sample with the running header and “— N —” footer a bureau's 公文 carries on every page."""
    document = docx.Document(str(source))
    section = document.sections[0]
    section.header.paragraphs[0].text = "南昌市新建生态环境局文件"
    footer = section.footer.paragraphs[0]
    footer.add_run("— ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" —")
    document.save(str(target))
    return target


def test_page_headers_footers_and_numbers_are_dropped(samples_dir: Path, office_copy: Convert,
                                                      tmp_path: Path) -> None:
    source = _with_header_and_page_numbers(samples_dir / XINJIAN, tmp_path / "with-header.docx")
    pdf = office_copy(source, "pdf")
    pages = extract_text(str(pdf)).split("\f")
    assert len(pages) > 3 and all("南昌市新建生态环境局文件" in page for page in pages if page.strip())
    assert "— 3 —" in pages[2]
    printed = read_plan(pdf)
    assert tree_of(printed) == tree_of(read_plan(samples_dir / XINJIAN))
    assert printed.unplaced == []


def _image_only_pdf() -> bytes:
    """A one-page PDF whose page is one grey picture and no text: what a scanner makes."""
    pixels = zlib.compress(bytes([128]) * 64 * 64)
    content = b"q 500 0 0 700 50 70 cm /Im1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8"
        b" /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(pixels), pixels),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_scanned_pdf_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(_image_only_pdf())
    message = ("文件“扫描件.pdf”是扫描件或图片 PDF，没有可读取的文字层；"
               "请导入原始 Word 文档，或先用 OCR 软件转成文字后再导入")
    with pytest.raises(InputFileError, match=message):
        read_plan(path)
    result = run_cli("import", str(path), db=tmp_path / "ecodesk.sqlite")
    assert (result.returncode, result.stderr.strip().splitlines()) == (2, [f"错误：{message}"])


def test_ecodesk_import_saves_a_pdf_plan(samples_dir: Path, office_copy: Convert, tmp_path: Path) -> None:
    pdf = office_copy(samples_dir / XINJIAN, "pdf")
    result = run_cli("import", str(pdf), db=tmp_path / "ecodesk.sqlite")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == read_plan(samples_dir / XINJIAN).summary_lines()[:2]
    again = run_cli("import", str(pdf), db=tmp_path / "ecodesk.sqlite")
    assert again.returncode == 2 and "--replace" in again.stderr  # the year is saved: a second import asks


def test_a_gongwen_pdf_imports_to_the_same_plan(samples_dir: Path, office_copy: Convert, tmp_path: Path) -> None:
    """The 公文 layout bureaus publish: every paragraph indented two characters, none spaced from the next,
    fixed line pitch, “— N —” page numbers outside: EcoDesk's own Word export printed to PDF."""
    db = tmp_path / "ecodesk.sqlite"
    assert run_cli("import", str(samples_dir / XINJIAN), db=db).returncode == 0
    exported = tmp_path / "工作要点.docx"
    assert run_cli("export", "word", "-o", str(exported), db=db).returncode == 0
    printed = read_plan(office_copy(exported, "pdf"))
    assert tree_of(printed) == tree_of(read_plan(exported))
    assert printed.summary().tasks == 58 and printed.unplaced == []


MIXED_FONTS = Path(__file__).parent / "data" / "mixed-fonts.pdf"


def test_lines_set_in_several_fonts_read_whole() -> None:
    """Three 仿宋_GB2312 paragraphs printed by LibreOffice where that font is missing: the fallback sets the
    digits and the quotation marks in other fonts, which pdfminer gives as pieces of their own, listed
    after the lines below them. (Made with python-docx and `soffice --convert-to pdf` without the 公文 font
    aliases of ../shared/tools/gongwen-fonts.conf.) Each paragraph reads as it was typed: no piece lost,
    moved or turned into a space."""
    from ecodesk.io.plan_import.pdf_source import read_lines

    assert [text for _, text in read_lines(MIXED_FONTS.read_bytes(), MIXED_FONTS.name)] == [
        "2021年是打造美丽中国“江西样板”新征程开启之年，是生态环境系统立足新发展阶段、贯彻新发展理念、"
        "融入新发展格局的开局之年。",
        "（一）系统谋划“十四五”生态环境保护工作，开启“美丽中国”新征程",
        "落实省委十四届十二次全会和省“两会”精神，全区PM2.5浓度控制在35微克/立方米以内。"]
