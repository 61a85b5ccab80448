"""What users type is shown as text, never run as HTML.

The classic probe ``<img src=x onerror=alert(1)>`` is stored in everything a user can name or
write — report texts, transition comments, evidence file names and link titles, a department's
name, a plan's title — then every page is requested: the raw probe must appear on none, and
its escaped form must appear where the text is shown.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .conftest import PDF
from .urlwalk import duban_routes
from .walking import body, fail_on_undescribed, urls

PROBE = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def probe(label: str) -> str:
    return f"{PROBE}{label}"


def shown(label: str) -> str:
    return f"{ESCAPED}{label}"


@pytest.fixture
def probed(client, plan, dept_b, liaison_b, head_b, b_draft_report):
    """B's June report written, evidenced, submitted and returned through the pages, all with probes."""
    dept_b.name = probe("规建局")
    dept_b.save()
    plan.title = probe("方案")
    plan.save()
    report = b_draft_report
    client.force_login(liaison_b)
    assert client.post(reverse("ledger:report_save", args=[report.pk]), {
        "progress": probe("进展"), "problems": probe("问题"), "next_steps": probe("计划"), "completion": 50,
        "self_status": "at_risk", "revision": report.revision,
    }).status_code == 302
    uploaded = client.post(reverse("ledger:evidence_add", args=[report.pk]),
                           {"file": SimpleUploadedFile(probe("佐证.pdf"), PDF)}, follow=True)
    assert shown("佐证.pdf") in uploaded.text and PROBE not in uploaded.text  # the "已上传 …" message
    client.post(reverse("ledger:evidence_add", args=[report.pk]), {"title": probe("链接"), "url": "https://example.com/"})
    client.post(reverse("ledger:report_act", args=[report.pk, "submit"]), {"comment": probe("报送说明")})
    client.force_login(head_b)
    client.post(reverse("ledger:report_act", args=[report.pk, "return"]), {"comment": probe("退回意见")})
    report.refresh_from_db()
    assert report.state == "returned" and report.evidence.filter(title__startswith=PROBE).count() == 2
    return report


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.text


@pytest.mark.parametrize(("viewer", "where", "labels"), [
    ("office", "report", ["进展", "问题", "计划", "佐证.pdf", "链接", "报送说明", "退回意见", "规建局"]),
    ("liaison_b", "report", ["进展", "问题", "计划", "佐证.pdf", "链接", "报送说明", "退回意见"]),
    ("office", "item", ["进展", "佐证.pdf", "链接", "规建局", "方案"]),
    ("liaison_b", "item", ["进展", "佐证.pdf", "链接", "规建局", "方案"]),
    ("liaison_b", "inbox", ["规建局"]),
    ("office", "overview", ["规建局"]),
    ("liaison_b", "plan", ["方案", "规建局"]),
    ("liaison_b", "department", ["规建局"]),
    ("office", "audit", ["进展", "问题", "计划", "佐证.pdf", "链接", "报送说明", "退回意见", "方案"]),
])
def test_each_page_shows_the_text_escaped(client, request, probed, viewer, where, labels):
    url = {
        "report": reverse("ledger:report", args=[probed.pk]),
        "item": reverse("ledger:item", args=[probed.item_id]),
        "inbox": reverse("ledger:inbox"),
        "overview": reverse("ledger:overview"),
        "plan": reverse("plans:detail", args=[probed.item.task.plan_id]),
        "department": reverse("plans:department", args=[probed.department_id]),
        "audit": reverse("audit:log"),
    }[where]
    text = page(client, request.getfixturevalue(viewer), url)
    assert PROBE not in text
    for label in labels:
        assert shown(label) in text, f"{where} as {viewer}: {label} not shown escaped"


@pytest.mark.parametrize("viewer", ["office", "liaison_b", "head_b"])
def test_no_page_anywhere_shows_the_probe_raw(client, request, probed, b_world, viewer):
    """Every page of the project, new ones included, as three kinds of user."""
    routes = duban_routes()
    fail_on_undescribed(routes)
    client.force_login(request.getfixturevalue(viewer))
    for route in routes:
        for url in urls(request, route):
            response = client.get(url)
            if response.get("Content-Type", "").startswith("text/html"):
                assert PROBE not in body(response), f"GET {url} ({route}) as {viewer} shows the probe unescaped"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox(1)"])
def test_an_evidence_link_must_be_a_web_address(client, liaison_b, b_draft_report, url):
    """Escaping does not help inside href: a script URL would run on click, so it is never stored."""
    client.force_login(liaison_b)
    client.post(reverse("ledger:evidence_add", args=[b_draft_report.pk]), {"title": "链接", "url": url})
    assert not b_draft_report.evidence.filter(kind="link").exists()
