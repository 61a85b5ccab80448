"""CSV files duban hands out: Excel-readable UTF-8, every text cell safe from formula injection.

    out = io.StringIO()
    writer = csvfile.Writer(out)
    writer.writerow(["办件编号", "申请人"])
    writer.writerow(["A001", "=HYPERLINK(…)"])       # written as '=HYPERLINK(…)
    data = csvfile.encode(out.getvalue())

or, for a file too large to hold in memory, straight onto a binary file:

    with csvfile.writing(binary_file) as writer:
        writer.writerow(…)

CSV has no cell types, so a text that looks like a formula gets a leading apostrophe
(``formulas.csv_value``); everything else is written as the standard ``csv`` module writes it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from .formulas import csv_value

#: Excel reads a UTF-8 CSV file as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


class Writer:
    """``csv.writer`` whose text cells cannot run as formulas."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([csv_value(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def encode(text: str) -> bytes:
    """The file's bytes: UTF-8 with the byte order mark Excel needs."""
    return (BOM + text).encode("utf-8")


@contextmanager
def writing(binary: BinaryIO) -> Iterator[Writer]:
    """A ``Writer`` onto a binary file, row by row: the same bytes ``encode`` gives for the same rows."""
    text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
    text.write(BOM)
    try:
        yield Writer(text)
    finally:
        text.flush()
        text.detach()  # the caller's file stays open
