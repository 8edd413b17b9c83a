"""Text a spreadsheet would take for a formula: the one rule every table export (xlsx and CSV) follows.

Excel, WPS and LibreOffice run a cell starting with = + - @ as a formula, and a leading tab or carriage
return does not stop them (OWASP, "CSV Injection"): a task titled “=HYPERLINK(…)” or “=cmd|' /C calc'!A0”
would become a live link or command in the clerk's spreadsheet.
"""

from __future__ import annotations

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def reads_as_formula(text: str) -> bool:
    """Whether a spreadsheet would run `text` typed into a cell, rather than show it."""
    return text.startswith(FORMULA_LEADS)


def csv_text(text: str) -> str:
    """`text` for a CSV cell: a leading apostrophe keeps formula-like text text, as Excel itself does
    when such text is typed with one; anything else is written as it is."""
    return f"'{text}" if reads_as_formula(text) else text
