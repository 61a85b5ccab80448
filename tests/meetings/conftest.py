"""Meetings fixtures: the seed plan (year 2020), its item （八）3 led by 规建局, and people of several departments."""

from datetime import date

import pytest

from duban.accounts.models import Role
from duban.meetings.models import Decision, Meeting


@pytest.fixture
def dept(zone):
    return lambda name: zone.departments.get(name=name)


@pytest.fixture
def jingfa(make_user, zone):
    return make_user("jingfa", zone, "经发局", Role.LIAISON)


@pytest.fixture
def caizheng(make_user, zone):
    """财政局 leads no item of the seed plan."""
    return make_user("caizheng", zone, "财政局", Role.LIAISON)


@pytest.fixture
def leader(make_user, zone):
    return make_user("leader", zone, "党政办", Role.LEADER)


@pytest.fixture
def make_meeting(plan, liaison, dept):
    """A meeting recorded directly (for tests of reading, rules and lists)."""

    def make(host="规建局", day=date(2020, 6, 10), *, attendees=(), items=(), decisions=(), **fields) -> Meeting:
        meeting = Meeting.objects.create(
            zone_id=plan.zone_id, plan=plan, host=dept(host), date=day, title=fields.pop("title", "用水报装推进会"),
            chair=fields.pop("chair", "张三"), recorded_by=fields.pop("recorded_by", liaison), **fields,
        )
        meeting.attendees.set([dept(name) for name in attendees])
        meeting.items.set(items)
        for text, owner, due in decisions:
            Decision.objects.create(zone_id=plan.zone_id, meeting=meeting, text=text,
                                    owner=dept(owner) if owner else None, due=due)
        return meeting

    return make
