"""GB/T 9704-2012 (公文) layout for Word exports: page, styles, fonts, page numbers and tables.

Every .docx the bureau files uses one look, so all Word exporters build their document here. Fonts are
written under their Windows names (w:eastAsia, since python-docx's `font.name` only sets the Latin
slots); Linux renderers map those names to free faces through fontconfig.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from ecodesk.domain.text import clean_text

# 字号: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt.
SIZE_TITLE, SIZE_BODY, SIZE_PAGE_NUMBER, SIZE_TABLE = Pt(22), Pt(16), Pt(14), Pt(12)
SIZE_TABLE_SMALL = Pt(10.5)
LINE_PITCH = Pt(28.95)  # 225 mm text block ÷ 22 lines = 579 twips
TITLE_LINE = Pt(35)
TABLE_LINE, TABLE_LINE_SMALL = Pt(20), Pt(14)
INDENT = Pt(32)  # two 三号 characters
PAGE_NUMBER_INSET = Pt(14)  # one 四号 character in from the edge
TITLE_CHARS, TITLE_CHARS_LANDSCAPE = 20, 31  # 二号 characters on a 156 mm / 247 mm line

_CENTRE = '<w:jc w:val="center"/>'
# 1 mm cell margins left and right for 五号 tables (Word's default is 1.9 mm): a wide sheet's columns keep
# their width for text.
_NARROW_MARGINS = '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
_TABLE_PROPS = ('<w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
                '<w:tblLayout w:type="fixed"/>{margins}<w:tblLook w:val="04A0" w:firstRow="1" w:firstColumn="1" '
                'w:lastRow="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>')

TITLE, HEADING_1, HEADING_2, HEADING_3, HEADING_4 = "公文标题", "一级标题", "二级标题", "三级标题", "四级标题"
BODY, TABLE_TEXT, TABLE_HEAD = "Normal", "表格文字", "表格标题"
SMALL_TEXT, SMALL_HEAD = "表格小字", "表格小字标题"  # 五号: wide sheets of long texts


@dataclass(frozen=True, slots=True)
class FontSet:
    """The faces of one 公文: Windows names, written into the file as they are."""

    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading_1: str = "黑体"
    heading_2: str = "楷体_GB2312"
    page_number: str = "宋体"
    latin: str = "Times New Roman"


GB2312_FONTS = FontSet()
# Plain Windows has no _GB2312 fonts nor 方正小标宋; these names exist on every Windows PC.
PLAIN_FONTS = FontSet(title="宋体", body="仿宋", heading_2="楷体")


def set_font(owner: object, east_asia: str, latin: str, size: Pt | None = None,
             bold: bool | None = None) -> None:
    """Name the Chinese and Latin faces of a run or style; drop theme fonts, which would win in Word."""
    font = owner.font  # type: ignore[attr-defined]
    font.name = latin
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    rfonts = owner.element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    rfonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


def _no_grid_snap(ppr: OxmlElement) -> None:
    """Keep a paragraph off the 22-line grid (titles, tables, footers have their own spacing)."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr.insert_element_before(  # type: ignore[attr-defined]
        snap, "w:spacing", "w:ind", "w:contextualSpacing", "w:jc", "w:outlineLvl", "w:rPr"
    )


def _format(style: ParagraphStyle, *, line: Pt, indent: Pt | None, align: WD_ALIGN_PARAGRAPH | None) -> None:
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = line
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = indent
    pf.widow_control = False  # GB layout counts lines; Word must not shift single lines around
    if align is not None:
        pf.alignment = align


def _outline(style: ParagraphStyle, level: int) -> None:
    """Show the style in Word's navigation pane and tables of contents."""
    lvl = OxmlElement("w:outlineLvl")
    lvl.set(qn("w:val"), str(level))
    style.element.get_or_add_pPr().append(lvl)


def _char_spacing(style: ParagraphStyle, twentieths: int) -> None:
    """Condense (negative) or reset the letter spacing of a style, in 1/20 pt."""
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    style.element.get_or_add_rPr().insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz")


def _add_style(doc: DocxDocument, name: str, face: str, fonts: FontSet, size: Pt,
               bold: bool = False) -> ParagraphStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[BODY]
    style.next_paragraph_style = doc.styles[BODY]
    set_font(style, face, fonts.latin, size=size, bold=bold)
    style.font.color.rgb = RGBColor(0, 0, 0)
    return style


def _add_styles(doc: DocxDocument, fonts: FontSet) -> None:
    normal = doc.styles[BODY]
    set_font(normal, fonts.body, fonts.latin, size=SIZE_BODY)
    _format(normal, line=LINE_PITCH, indent=INDENT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _char_spacing(normal, -5)  # −0.25 pt: 28 characters a line in Word and LibreOffice alike

    title = _add_style(doc, TITLE, fonts.title, fonts, SIZE_TITLE)
    _format(title, line=TITLE_LINE, indent=Pt(0), align=WD_ALIGN_PARAGRAPH.CENTER)
    _no_grid_snap(title.element.get_or_add_pPr())
    levels = ((HEADING_1, fonts.heading_1, False), (HEADING_2, fonts.heading_2, False),
              (HEADING_3, fonts.body, False), (HEADING_4, fonts.body, False))
    for level, (name, face, bold) in enumerate(levels):
        style = _add_style(doc, name, face, fonts, SIZE_BODY, bold)
        _format(style, line=LINE_PITCH, indent=INDENT, align=None)
        _outline(style, level)
    for name in (HEADING_1, HEADING_2):
        doc.styles[name].paragraph_format.keep_with_next = True

    table_styles = ((TABLE_TEXT, fonts.body, WD_ALIGN_PARAGRAPH.LEFT, SIZE_TABLE, TABLE_LINE),
                    (TABLE_HEAD, fonts.heading_1, WD_ALIGN_PARAGRAPH.CENTER, SIZE_TABLE, TABLE_LINE),
                    (SMALL_TEXT, fonts.body, WD_ALIGN_PARAGRAPH.LEFT, SIZE_TABLE_SMALL, TABLE_LINE_SMALL),
                    (SMALL_HEAD, fonts.heading_1, WD_ALIGN_PARAGRAPH.CENTER, SIZE_TABLE_SMALL, TABLE_LINE_SMALL))
    for name, face, align, size, line in table_styles:
        style = _add_style(doc, name, face, fonts, size)
        _format(style, line=line, indent=Pt(0), align=align)
        _no_grid_snap(style.element.get_or_add_pPr())
        _char_spacing(style, 0)


def setup_page(section: Section, *, landscape: bool = False) -> None:
    """A4 with the GB/T 9704 margins (3.7/3.5/2.8/2.6 cm) and a 22-line grid; landscape turns them."""
    top, bottom, left, right = Mm(37), Mm(35), Mm(28), Mm(26)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        top, bottom, left, right = Mm(28), Mm(26), Mm(25), Mm(25)  # room for wide tables
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = top, bottom
    section.left_margin, section.right_margin = left, right
    section.header_distance = Mm(15)
    section.footer_distance = bottom - Mm(12)  # number sits 7 mm below the text block
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")


def _field_run(par: Paragraph, fonts: FontSet, *, fld: str | None = None, instr: str | None = None,
               text: str | None = None) -> None:
    run = par.add_run(text)
    set_font(run, fonts.page_number, fonts.page_number, size=SIZE_PAGE_NUMBER)
    if fld:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), fld)
        run._r.append(char)
    if instr:
        code = OxmlElement("w:instrText")
        code.set(qn("xml:space"), "preserve")
        code.text = instr
        run._r.append(code)


def _page_number(par: Paragraph, fonts: FontSet) -> None:
    """“— 1 —”: dashes around a PAGE field, 四号 宋体."""
    _field_run(par, fonts, text="— ")
    _field_run(par, fonts, fld="begin")
    _field_run(par, fonts, instr=" PAGE ")
    _field_run(par, fonts, fld="separate")
    _field_run(par, fonts, text="1")
    _field_run(par, fonts, fld="end")
    _field_run(par, fonts, text=" —")


def add_page_numbers(doc: DocxDocument, section: Section, fonts: FontSet) -> None:
    """Odd pages number at the right, even pages at the left, one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        par = footer.paragraphs[0]
        pf = par.paragraph_format
        pf.alignment, pf.first_line_indent = align, Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            pf.right_indent = PAGE_NUMBER_INSET
        else:
            pf.left_indent = PAGE_NUMBER_INSET
        _no_grid_snap(par._p.get_or_add_pPr())
        _page_number(par, fonts)


def new_document(fonts: FontSet = GB2312_FONTS, *, landscape: bool = False) -> DocxDocument:
    """An empty 公文: styles, page and page numbers ready; add content with the helpers below."""
    doc = Document()
    _add_styles(doc, fonts)
    section = doc.sections[0]
    setup_page(section, landscape=landscape)
    add_page_numbers(doc, section, fonts)
    return doc


def styled(doc: DocxDocument, style: str, text: str = "") -> Paragraph:
    """Append a paragraph in one of this module's styles.

    Sets w:pStyle directly: python-docx resolves a style name by scanning every style on each call,
    which makes a 1,000-task export take seconds. Our style ids equal their names (no spaces).
    """
    return _append(doc, style, _text_xml(text) if text else "")


def _append(doc: DocxDocument, style: str, runs: str) -> Paragraph:
    """A paragraph of `style` with `runs` (XML) at the body's end, before its closing w:sectPr. python-docx's
    add_paragraph looks for the sectPr among all the body's children on every call, which makes a
    10,000-task summary quadratic (minutes); the sectPr is the body's last child, found at once."""
    par = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>')
    body = doc.element.body
    last = body[-1]  # lxml walks from the end (len() of an element counts every child)
    if last.tag == qn("w:sectPr"):
        last.addprevious(par)
    else:
        body.append(par)
    return Paragraph(par, doc._body)


def _set_style(par: Paragraph, style: str) -> None:
    par._p.get_or_add_pPr().get_or_add_pStyle().val = style


def title_lines(text: str, head: str = "", chars: int = TITLE_CHARS) -> list[str]:
    """Break a title too long for one line after `head` (usually the bureau), never leaving one
    character alone on the second line."""
    if len(text) <= chars or not head or not text.startswith(head) or text == head:
        return [text]
    return [head, text[len(head):]]


def add_title(doc: DocxDocument, lines: Sequence[str], *, new_page: bool = False) -> Paragraph:
    """The centred 二号 title (one or more lines) followed by one empty line, as 公文 titles are."""
    par = styled(doc, TITLE)
    for index, line in enumerate(lines):
        run = par.add_run(clean_text(line))
        if index < len(lines) - 1:
            run.add_break()
    par.paragraph_format.page_break_before = new_page or None
    par.paragraph_format.keep_with_next = True
    styled(doc, BODY).paragraph_format.keep_with_next = True
    return par


def add_heading(doc: DocxDocument, level: int, text: str) -> Paragraph:
    """一、 (黑体) or （一） (楷体) heading; the label is part of `text`."""
    return styled(doc, (HEADING_1, HEADING_2)[level - 1], text)


def add_item(doc: DocxDocument, level: int, lead: str, rest: str = "", *, keep_with_next: bool = False,
             bold_lead: bool = True) -> Paragraph:
    """A 1. (level 3) or 1） (level 4) item: the bold title sentence, then the rest in plain 仿宋."""
    par = styled(doc, (HEADING_3, HEADING_4)[level - 3])
    par.add_run(clean_text(lead)).bold = bold_lead or None
    if rest:
        par.add_run(clean_text(rest))
    if keep_with_next:
        par.paragraph_format.keep_with_next = True
    return par


def add_body(doc: DocxDocument, text: str) -> Paragraph:
    return styled(doc, BODY, text)


@dataclass(frozen=True, slots=True)
class Lead:
    """A table cell that opens with a bold lead (a task's title) and runs on in plain text (its measures)."""

    lead: str
    rest: str = ""


Cell = str | Lead


def add_lead_body(doc: DocxDocument, lead: str, rest: str) -> Paragraph:
    """A numbered point of prose (“1.编制规划。3月，…”) in the body style, its lead in bold: a report's
    points are body text, not headings, so they stay out of the navigation pane."""
    return _append(doc, BODY, _text_xml(Lead(lead, rest)))


def add_part_title(doc: DocxDocument, text: str, *, new_page: bool = False) -> Paragraph:
    """A part of a two-part document (“2021年工作总结”, “2022年工作要点”): a 黑体 heading, centred."""
    par = add_heading(doc, 1, text)
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    par.paragraph_format.first_line_indent = Pt(0)
    par.paragraph_format.page_break_before = new_page or None
    return par


def _runs_xml(text: str, props: str = "") -> str:
    """Runs of text with line breaks, escaped, without the control characters XML forbids."""
    lines = escape(clean_text(text)).split("\n")
    runs = '</w:t><w:br/><w:t xml:space="preserve">'.join(lines)
    return f'<w:r>{props}<w:t xml:space="preserve">{runs}</w:t></w:r>'


def _text_xml(value: Cell) -> str:
    if isinstance(value, Lead):
        rest = _runs_xml(value.rest) if value.rest else ""
        return _runs_xml(value.lead, "<w:rPr><w:b/></w:rPr>") + rest
    return _runs_xml(value)


def _row_xml(values: Sequence[Cell], widths: Sequence[int], style: str, centred: Sequence[bool],
             row_props: str, shades: Mapping[int, str] | None = None) -> str:
    shades = shades or {}
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
        f'{_shade(shades[i]) if i in shades else ""}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{_CENTRE if centre else ""}</w:pPr>'
        f"{_text_xml(value)}</w:p></w:tc>"
        for i, (value, width, centre) in enumerate(zip(values, widths, centred, strict=True))
    )
    return f"<w:tr><w:trPr>{row_props}</w:trPr>{cells}</w:tr>"


def _shade(colour: str) -> str:
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{colour}"/>'


def add_table(doc: DocxDocument, headers: Sequence[str], rows: Iterable[Sequence[Cell]],
              widths: Sequence[Mm], centred: Sequence[bool] | None = None,
              min_height: Mm | None = None, *, split_rows: bool = False,
              shades: Sequence[Mapping[int, str]] | None = None, small: bool = False) -> Table:
    """A bordered table whose header row repeats on every page.

    `centred` marks short columns; `min_height` leaves room in each body row for writing by hand. Rows
    never split across pages unless `split_rows`: a table of long texts (a unit's sheet) then fills its
    pages instead of leaving the foot of each empty. `shades` gives, row by row, some cells (by 0-based
    column) a fill colour (RRGGBB), such as a status light; `small` sets the table in 五号 with narrow cell margins.
    Built as one XML string: python-docx's cell API is quadratic and takes a minute for 1,000 rows.
    """
    twips = [round(w.twips) for w in widths]
    centred = centred or [False] * len(headers)
    body_props = "" if split_rows else "<w:cantSplit/>"
    if min_height is not None:
        body_props += f'<w:trHeight w:val="{round(min_height.twips)}" w:hRule="atLeast"/>'
    fills = shades or []
    head, text, margins = (SMALL_HEAD, SMALL_TEXT, _NARROW_MARGINS) if small else (TABLE_HEAD, TABLE_TEXT, "")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>{_TABLE_PROPS.format(margins=margins)}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
        _row_xml(headers, twips, head, [True] * len(headers), "<w:cantSplit/><w:tblHeader/>"),
        *(_row_xml(values, twips, text, centred, body_props, fills[n] if n < len(fills) else None)
          for n, values in enumerate(rows)),
        "</w:tbl>",
    ]
    tbl = parse_xml("".join(parts))
    body = doc.element.body
    body.find(qn("w:sectPr")).addprevious(tbl)
    return Table(tbl, doc._body)


def new_section(doc: DocxDocument, *, restart_numbers: bool = False) -> Section:
    """Start a new page as a section of its own, laid out as the last; with `restart_numbers` its pages
    are numbered from 1 again (one unit's sheet, one notice), the footers being those of the first."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    if restart_numbers:
        sect_pr = section._sectPr
        numbers = sect_pr.find(qn("w:pgNumType"))
        if numbers is None:
            numbers = OxmlElement("w:pgNumType")
            sect_pr.insert_element_before(numbers, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                                          "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
                                          "w:docGrid", "w:printerSettings", "w:sectPrChange")
        numbers.set(qn("w:start"), "1")
    return section
