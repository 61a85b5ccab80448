"""Who sees and edits what: a department its own score lines only; the assessment office all,
editing only the scheme, the entries and the appeal outcomes; the steering office and leaders read."""

from datetime import date

import pytest
from django.urls import reverse

from duban.accounts.models import Role
from duban.assessment.models import Entry, Part, Scheme


@pytest.fixture
def people(make_user, zone):
    return {
        "jingfa": make_user("jingfa", zone, "经发局", Role.LIAISON),
        "jingfa_head": make_user("jingfa_head", zone, "经发局", Role.HEAD),
        "leader": make_user("leader", zone, "党政办", Role.LEADER),
    }


def test_a_department_sees_its_own_score_lines_only(year, people, as_user):
    client = as_user(people["jingfa"])
    own = client.get(reverse("assessment:department", args=[year.plan.pk, year.jingfa.pk]))
    assert own.status_code == 200 and "80.64" in own.content.decode()
    other = client.get(reverse("assessment:department", args=[year.plan.pk, year.shuiwu.pk]))
    assert other.status_code == 403
    results = client.get(reverse("assessment:results", args=[year.plan.pk])).content.decode()
    assert "经发局" in results and "80.64" in results
    assert "水务局" not in results and "规建局" not in results  # no ranking of the others, no lists
    assert "问责名单" not in results


@pytest.mark.parametrize("who", ["jingfa", "jingfa_head"])
def test_a_department_reads_the_scheme_but_edits_nothing(year, people, as_user, who):
    client = as_user(people[who])
    assert client.get(reverse("assessment:scheme", args=[year.plan.pk])).status_code == 200
    for name in ("entries", "appeals"):
        assert client.get(reverse(f"assessment:{name}", args=[year.plan.pk])).status_code == 403
    assert client.post(reverse("assessment:finalise", args=[year.plan.pk])).status_code == 403
    assert client.post(reverse("assessment:scheme", args=[year.plan.pk]), {}).status_code == 403
    entry = Entry.objects.first()
    assert client.post(reverse("assessment:entry_delete", args=[entry.pk])).status_code == 403
    assert Entry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("who", ["office", "leader"])
def test_the_office_and_leaders_read_everything_and_edit_nothing(year, people, office, as_user, who):
    client = as_user(office if who == "office" else people["leader"])
    results = client.get(reverse("assessment:results", args=[year.plan.pk])).content.decode()
    assert all(name in results for name in ("经发局", "规建局", "水务局", "问责名单"))
    assert "定稿考核结果" not in results
    assert client.get(reverse("assessment:department", args=[year.plan.pk, year.shuiwu.pk])).status_code == 200
    assert client.get(reverse("assessment:entries", args=[year.plan.pk])).status_code == 200
    assert client.get(reverse("assessment:appeals", args=[year.plan.pk])).status_code == 200
    assert client.post(reverse("assessment:finalise", args=[year.plan.pk])).status_code == 403
    assert client.post(reverse("assessment:scheme", args=[year.plan.pk]), {"parts-0-weight": "99"}).status_code == 403
    rule = year.plan.assessment_scheme.rules.get(key="commendation")
    response = client.post(reverse("assessment:entries", args=[year.plan.pk]), {
        "rule": rule.pk, "department": year.guijian.pk, "document": "越权", "date": "2020-12-10"})
    assert response.status_code == 403
    assert not Entry.objects.filter(document="越权").exists()
    assert not Scheme.objects.filter(plan=year.plan, finalised_at__isnull=False).exists()
    assert Part.objects.get(scheme__plan=year.plan, measure="completion").weight == 30


def test_another_zone_gets_404(year, make_user, other_zone, as_user):
    outsider = make_user("outsider", other_zone, "经发局", Role.ASSESSOR)
    client = as_user(outsider)
    for url in (reverse("assessment:results", args=[year.plan.pk]),
                reverse("assessment:department", args=[year.plan.pk, year.jingfa.pk]),
                reverse("assessment:scheme", args=[year.plan.pk])):
        assert client.get(url).status_code == 404
    entry = Entry.objects.first()
    assert client.post(reverse("assessment:entry_delete", args=[entry.pk])).status_code == 404


def test_a_department_page_never_counts_the_pinned_clock_past_the_year(year, as_user, pinned):
    pinned(date(2021, 6, 1))  # months later: still counted to the year end
    page = as_user(year.assessor).get(reverse("assessment:results", args=[year.plan.pk])).content.decode()
    assert "截至 2020年12月31日" in page
