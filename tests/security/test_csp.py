"""Content-Security-Policy: every page says only duban's own scripts run, and no page needs more.

The header is the second wall behind escaping (test_xss.py): were a probe ever shown raw, the
browser would still refuse to run it.  It holds only if duban's own pages have no inline script,
event handler or style attribute, so every page of the project is read for them, and real pages
are opened in Chromium to see that the browser reports no violation.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.cases.conftest import make_case, water  # noqa: F401  (a service type with cases: a chart to draw)
from tests.conftest import browser_login

from .urlwalk import duban_routes
from .walking import body, fail_on_undescribed, urls


def directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


class InlineCode(HTMLParser):
    """Collects what a strict policy would block: inline scripts, on* handlers, style attributes,
    <style> blocks and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            # A JSON data block (json_script) is not run; any other script must come from a file.
            self._in_script = "src" not in attributes and attributes.get("type") != "application/json"
        if tag == "style":
            self.found.append("<style> block")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name == "style":
                self.found.append(f"{tag} style=")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_every_response_carries_a_policy_that_runs_only_duban_s_own_scripts(client, office):
    client.force_login(office)
    for url in (reverse("accounts:login"), reverse("plans:home"), reverse("ledger:overview"), "/no-such-page/"):
        policy = directives(client.get(url)["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["style-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
        assert not any("unsafe" in value for values in policy.values() for value in values)


@pytest.mark.parametrize("viewer", ["office", "liaison_b", "head_b"])
def test_no_page_anywhere_has_inline_script_handlers_or_styles(client, request, b_world, viewer):
    """Every page of the project, new ones included (the URL walk of tests/security)."""
    routes = duban_routes()
    fail_on_undescribed(routes)
    client.force_login(request.getfixturevalue(viewer))
    checked = 0
    for route in routes:
        for url in urls(request, route):
            response = client.get(url)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                assert inline_code(body(response)) == [], f"GET {url} ({route}) as {viewer}"
                checked += 1
    assert checked > 20


def test_the_admin_pages_the_system_administrator_uses_need_no_inline_code(client, superuser):
    client.force_login(superuser)
    for url in ("/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/", "/admin/auditlog/logentry/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.text) == [], url


@pytest.mark.browser
def test_real_pages_in_chromium_report_no_policy_violation(browser_page, live_server, plan, office, water_item,
                                                           water, make_case, pinned):  # noqa: F811
    page = browser_page
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if re.search("Content Security Policy|Content-Security-Policy", message.text) else None)
    browser_login(page, live_server.url, office.username)
    for path in (reverse("plans:home"), reverse("ledger:overview"), reverse("ledger:item", args=[water_item.pk]),
                 reverse("workdays:calendar"), reverse("cases:catalogue"), reverse("audit:log")):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    # The measures page draws its ECharts chart from a json_script block, under the same policy.
    pinned(__import__("datetime").date(2020, 7, 10))
    make_case(water, "2020-06-01", "2020-06-10")
    page.goto(f"{live_server.url}{reverse('cases:measures', args=[water.pk])}")
    page.wait_for_selector("#elapsed-chart svg, #elapsed-chart canvas")
    assert violations == []
