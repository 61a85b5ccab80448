"""A finalised scheme and its snapshot cannot be deleted in the admin; one Chinese date for the project."""

import re
from datetime import date
from pathlib import Path

from django.urls import reverse

import duban
from duban.assessment.models import FinalScore, Scheme
from duban.assessment.results import finalise
from duban.dates import cn_date
from duban.documents.gongwen import issue_date
from duban.ledger.status import cn_date as ledger_cn_date
from duban.plans.models import Plan


def test_a_finalised_scheme_and_its_snapshot_cannot_be_deleted_in_the_admin(year, client, superuser):
    client.force_login(superuser)
    scheme = year.plan.assessment_scheme
    url = reverse("admin:assessment_scheme_delete", args=[scheme.pk])
    assert client.get(url).status_code == 200  # not finalised: the admin may
    finalise(year.plan, year.assessor, date(2021, 1, 15))
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    # Nor through the plan it belongs to (a cascade would take the snapshot with it).
    plan_url = reverse("admin:plans_plan_delete", args=[year.plan.pk])
    response = client.post(plan_url, {"post": "yes"})
    assert response.status_code == 200 and "考核方案" in response.context["perms_lacking"]  # refused, saying why
    score = FinalScore.objects.filter(scheme=scheme).first()
    assert client.post(reverse("admin:assessment_finalscore_delete", args=[score.pk]),
                       {"post": "yes"}).status_code == 403
    assert Plan.objects.filter(pk=year.plan.pk).exists() and Scheme.objects.filter(pk=scheme.pk).exists()
    assert FinalScore.objects.filter(scheme=scheme).count() == 3


def test_one_chinese_date_formatter():
    day = date(2020, 6, 30)
    assert cn_date(day) == issue_date(day) == ledger_cn_date(day) == "2020年6月30日"
    assert cn_date(date(2021, 1, 5)) == "2021年1月5日"


def test_no_other_copy_of_the_chinese_date_format():
    """No module writes a day as ``{…year}年{…month}月{…day}日`` but ``duban/dates.py``."""
    root = Path(duban.__file__).parent
    pattern = re.compile(r"\{[^{}]*\.year\}年\{[^{}]*\.month\}月\{[^{}]*\.day\}日")
    copies = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                    if pattern.search(p.read_text(encoding="utf-8")))
    assert copies == ["dates.py"]
