"""Cases fixtures: the demo zone's catalogue (a few service types) and a case factory."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from duban.accounts.models import Role
from duban.cases.models import Case, ClockStop, ServiceType

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hm: str = "09:30") -> datetime:
    return datetime.fromisoformat(f"{day} {hm}").replace(tzinfo=TZ)


@pytest.fixture
def water(zone) -> ServiceType:
    return ServiceType.objects.create(zone=zone, name="用水报装", department=zone.departments.get(name="水务局"),
                                      limit_value=Decimal(20), calendar_region="xinjiang")


@pytest.fixture
def gas(zone) -> ServiceType:
    """居民燃气报装 ≤ 3 工作日, on the national calendar (so the national rules show on their own)."""
    return ServiceType.objects.create(zone=zone, name="居民燃气报装", department=zone.departments.get(name="规建局"),
                                      limit_value=Decimal(3), calendar_region="national")


@pytest.fixture
def make_case(zone):
    counter = iter(range(1, 10_000))

    def make(service_type, received: str, completed: str | None = None, *, number=None, stops=(), **extra) -> Case:
        case = Case.objects.create(
            zone=service_type.zone, number=number or f"T{next(counter):04d}", service_type=service_type,
            applicant_kind=extra.pop("applicant_kind", Case.ApplicantKind.PERSON),
            applicant_name=extra.pop("applicant_name", "张三"), phone=extra.pop("phone", "13812341234"),
            received_at=at(received), completed_at=at(completed, "16:00") if completed else None, **extra)
        for kind, start, end in stops:
            ClockStop.objects.create(zone=service_type.zone, case=case, kind=kind, start=date.fromisoformat(start),
                                     end=date.fromisoformat(end))
        return case

    return make


@pytest.fixture
def jingfa(make_user, zone):
    """A liaison of a department that handles no service type."""
    return make_user("jingfa", zone, "经发局", Role.LIAISON)


@pytest.fixture
def leader(make_user, zone):
    return make_user("leader", zone, "党政办", Role.LEADER)
