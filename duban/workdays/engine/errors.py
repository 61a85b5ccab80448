"""The two errors the working-day engine raises on purpose; both are ValueErrors with Chinese messages."""

from __future__ import annotations


class CalendarNotCovered(ValueError):
    """A date lies in a year whose State Council holiday notice has not been entered.

    Such a year must never be treated as plain Monday–Friday: a 调休 Saturday
    would be skipped and a holiday counted, silently.  ``year`` is the first
    uncovered year met; ``first_year``/``last_year`` the covered span.
    """

    def __init__(self, year: int, first_year: int, last_year: int):
        self.year = year
        self.first_year = first_year
        self.last_year = last_year
        super().__init__(self._message())

    def _message(self) -> str:
        covered = f"目前已录入 {self.first_year}–{self.last_year} 年"
        if self.year > self.last_year:
            return (
                f"{self.year} 年的国务院节假日安排尚未录入，"
                f"请省级管理员录入该年通知后再计算（{covered}）"
            )
        return (
            f"{self.year} 年不在工作日日历范围内，该年的国务院节假日安排未录入，"
            f"如需计算请省级管理员补录该年通知（{covered}）"
        )


class CalendarDataError(ValueError):
    """A calendar data file (or a zone override) is malformed; the message names the source and the row."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        where = f"{source} 第 {line} 行" if line is not None else source
        super().__init__(f"{where}：{message}")
