"""The one rule for text a spreadsheet might run as a formula (formula injection, CWE-1236).

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is taken for a formula by Excel, WPS and
LibreOffice when it is typed in or read from a CSV file; a leading tab or carriage return is
skipped by some of them before they look, so ``"\\t=HYPERLINK(…)"`` is as dangerous.  Chinese input
methods type the full-width forms ``＝ ＋ － ＠``; they are treated the same way, defensively.

How the text is then made harmless depends on the file:

- .xlsx (``xlsx.py``): the cell is written as a string (never a formula) with Excel's quote
  prefix, so the text is shown and read back exactly as the user wrote it, and stays text when
  someone edits the cell;
- .csv (``csvfile.py``): CSV has no types, so the text gets a leading apostrophe (the OWASP advice):
  spreadsheets show it as text.

Pure Python, no Django: usable from any app and from benchmarks.
"""

from __future__ import annotations

from .ooxml import ILLEGAL_CHARACTERS

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


#: The longest text an Excel cell holds.
MAX_CELL_TEXT = 32767

APOSTROPHE = "'"


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet run this text as a formula (were it not protected)?"""
    return text.startswith(TRIGGERS)


def clean_text(text: str) -> str:
    """The text as a spreadsheet cell can hold it: characters XML cannot hold removed, at most
    32,767 characters (Excel's limit; openpyxl cuts there too)."""
    return ILLEGAL_CHARACTERS.sub("", text)[:MAX_CELL_TEXT]


def csv_value(value):
    """A value for a CSV cell: text that looks like a formula gets a leading apostrophe.

    Only text is touched: numbers and dates written by duban are data, not a user's words, and
    ``-5`` as a number is not an injection.
    """
    if isinstance(value, str) and looks_like_formula(value):
        return APOSTROPHE + value
    return value



def from_csv(value: str) -> str:
    """A CSV cell as its author wrote it: the apostrophe ``csv_value`` put before formula-like text
    comes off again, so an error file corrected and imported back keeps ``=…`` as typed."""
    if value.startswith(APOSTROPHE) and looks_like_formula(value[1:]):
        return value[1:]
    return value
