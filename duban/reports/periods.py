"""The month or quarter a progress report covers (a 月报 or a 季报), chosen on the page by a key.

Keys are ``2020-06`` for a month and ``2020-Q2`` for a quarter; only periods of the plan's year
that have begun by today are offered.  Labels are the ledger's own (2020年6月, 2020年第二季度).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from duban.ledger.cycles import periods
from duban.ledger.models import ReportingSchedule

MONTHLY, QUARTERLY = ReportingSchedule.Frequency.MONTHLY, ReportingSchedule.Frequency.QUARTERLY


@dataclass(frozen=True)
class ReportPeriod:
    key: str
    label: str
    start: date
    end: date

    @property
    def is_quarter(self) -> bool:
        return "-Q" in self.key


def _key(start: date, quarterly: bool) -> str:
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}" if quarterly else f"{start:%Y-%m}"


def report_periods(year: int, today: date) -> list[ReportPeriod]:
    """The months of ``year`` begun by ``today``, newest first, then its quarters begun, newest first."""
    found = []
    for frequency in (MONTHLY, QUARTERLY):
        for period in periods(year, frequency):
            if period.start <= today:
                found.append(ReportPeriod(_key(period.start, frequency == QUARTERLY), period.label,
                                          period.start, period.end))
    return sorted(found, key=lambda p: (not p.is_quarter, p.start), reverse=True)


def find_period(year: int, today: date, key: str) -> ReportPeriod | None:
    return next((p for p in report_periods(year, today) if p.key == key), None)


def default_period(year: int, today: date) -> ReportPeriod | None:
    """The last month that has ended (the month just reported), else the current month."""
    months = [p for p in report_periods(year, today) if not p.is_quarter]
    ended = [p for p in months if p.end < today]
    return (ended or months or [None])[0]
