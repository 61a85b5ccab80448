"""Supervision fixtures: the seed plan's item （八）3 (lead 规建局, cooperating 水务局) and the people around it."""

from datetime import date

import pytest

from duban.supervision import notices
from duban.supervision.models import Notice


@pytest.fixture
def notice(office, water_item, zone, pinned) -> Notice:
    """The office's notice to 规建局 on （八）3, issued 2020年6月1日, reply due 2020年6月10日."""
    pinned(date(2020, 6, 1))
    return notices.issue(water_item, zone.departments.get(name="规建局"), "请说明用水报装压缩进展", date(2020, 6, 10), office)
