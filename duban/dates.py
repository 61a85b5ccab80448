"""The one way duban writes a day in Chinese: 2020年6月30日 (Arabic numerals, the year in full, no
padding zero — as GB/T 9704 wants a 成文日期, and as every page, message and document shows a day).

Pure (no Django), so the plan parser and the 公文 builder use it as well as the apps.  Templates
write the same through Django's ``date`` filter and ``DATE_FORMAT = "Y年n月j日"`` (settings).
"""

from datetime import date


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
