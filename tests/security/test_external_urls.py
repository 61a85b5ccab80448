"""No page of duban, and no stylesheet, script or template it ships, refers to another host.

duban runs on a government intranet without internet access: a script, stylesheet, font or image
from a CDN would not load there (and would tell an outside server who reads which page).  So:

- every GET page of the URLconf is requested as the steering office (who may open nearly all of
  them) over the demo's data — the seed plan with its half-year of ledger reports, cases, service
  types and meetings, as ``duban demo`` loads it — plus department B's records of
  tests/security/ownership.py, which fill the URL keywords; every URL in an attribute (src, href,
  action, srcset, …) and every ``url(…)`` in a style block must stay on the page's own host;
- every .css and .js file under duban/ (its own, not the npm packages served from node_modules)
  and every template may hold no absolute URL at all: no ``url(…)``, ``@import`` or string literal
  to a host, no src/href/action to one.

Links a user types as evidence (佐证材料 › 链接) are the one deliberate exception, and are not
part of this data.  The browser tests add the runtime side: tests/dashboard/test_browser.py fails
on any request the dashboard makes to another host.
"""

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import duban
from duban.cases.models import ServiceType
from duban.demo.loading import DEMO_TODAY, load_cases, load_ledger, load_meetings
from duban.ledger.models import Report
from duban.ledger.status import refresh
from duban.plans.models import Item

from .urlwalk import duban_routes
from .walking import body, fail_on_undescribed, urls

HOST = "testserver"  # the test client's host: the page's own
URL_ATTRIBUTES = {"src", "href", "action", "formaction", "srcset", "poster", "data", "background", "cite",
                  "manifest", "xlink:href", "ping"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
ABSOLUTE = re.compile(r"""(?:[a-z][a-z0-9+.-]*:)?//[^\s'"`)<>]+""", re.IGNORECASE)
JS_STRING_URL = re.compile(r"""["'`]((?:https?:|wss?:|ftp:)?//[^"'`\s]*)""", re.IGNORECASE)
TEMPLATE_ATTRIBUTE = re.compile(r"""\b(?:src|href|action|formaction|srcset|poster)\s*=\s*["']\s*((?:[a-z]+:)?//[^"']*)""",
                                re.IGNORECASE)


def foreign(url: str) -> bool:
    """A URL that makes the browser go to a host other than the page's own."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme and parts.scheme.lower() not in ("http", "https", "ws", "wss", "ftp"):
        return False  # data:, mailto:, tel:, and javascript: which CSP and the XSS tests keep out
    if not parts.netloc and not url.startswith("//"):
        return False  # relative: this host
    return parts.hostname != HOST


class UrlCollector(HTMLParser):
    """Every URL an HTML page points the browser at: attributes, style blocks and style attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                candidates = [c.strip().split(" ")[0] for c in value.split(",")] if name == "srcset" else [value]
                self.found += [f"<{tag} {name}> {c}" for c in candidates]
            elif name == "style":
                self.found += [f"<{tag} style> {u}" for u in _css_urls(value)]
            elif name == "content" and "url=" in value.lower():  # <meta http-equiv="refresh">
                self.found.append(f"<{tag} content> {value.lower().split('url=', 1)[1]}")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [f"<style> {u}" for u in _css_urls(data)]


def _css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def foreign_urls(html: str) -> list[str]:
    collector = UrlCollector()
    collector.feed(html)
    return [found for found in collector.found if foreign(found.split("> ", 1)[1])]


def test_the_checker_finds_what_it_must():
    page = """<link rel="stylesheet" href="https://cdn.example.com/x.css"><script src="//cdn.example.com/x.js"></script>
    <img srcset="/static/a.png 1x, http://img.example.com/b.png 2x"><style>body { background: url('http://x.example/i.png') }</style>
    <div style="background:url(https://y.example/j.png)"></div><form action="http://z.example/post"></form>
    <a href="/items/1/">ok</a><a href="http://testserver/x">ok</a><img src="data:image/png;base64,AAAA"><a href="?page=2">ok</a>"""
    assert [f.split(">")[0] + ">" for f in foreign_urls(page)] == [
        "<link href>", "<script src>", "<img srcset>", "<style>", "<div style>", "<form action>"]


@pytest.fixture
def demo_world(zone, plan, office, request):
    """The demo's data on the seed plan (as ``duban demo`` loads it), then B's records for the URL keywords.

    B's fixtures write their own reports on （八）3 and their own 居民燃气报装: the demo's versions of
    those two make way for them first.
    """
    demo_day = date.fromisoformat(DEMO_TODAY)
    load_cases(zone, plan, demo_day)
    load_ledger(plan, demo_day)
    load_meetings(plan, demo_day)
    b_item = Item.objects.get(task__plan=plan, task__number="（八）", number="3")
    Report.objects.filter(item=b_item, department__name="规建局").delete()
    ServiceType.objects.filter(zone=zone, name="居民燃气报装").update(name="居民燃气报装（演示）")
    request.getfixturevalue("b_world")
    refresh(plan, date(2020, 7, 20))
    return plan


def test_no_page_refers_to_another_host(client, request, office, demo_world):
    routes = duban_routes()
    fail_on_undescribed(routes)
    client.force_login(office)
    read, offending = set(), []
    for route in routes:
        for url in urls(request, route):
            response = client.get(url)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                read.add(route.name)
                offending += [f"GET {url} ({route}): {found}" for found in foreign_urls(body(response))]
    assert not offending, "\n".join(offending)
    # The walk read the pages, not error pages: the main ones of every app among them.
    assert {"dashboard:home", "ledger:overview", "ledger:inbox", "ledger:item", "ledger:report", "plans:detail",
            "cases:measures", "cases:list", "cases:target", "meetings:list", "workdays:calendar", "audit:log"} <= read
    assert len(read) >= 30


def test_the_dashboard_with_the_demo_s_data_is_among_them(client, office, demo_world):
    """The walk above saw the dashboard full: charts, targets, red items (not an empty plan)."""
    client.force_login(office)
    page = client.get("/dashboard/").text
    assert 'id="targets-chart"' in page and 'class="red-item"' in page and 'id="ranking-chart"' in page
    assert not foreign_urls(page)


PACKAGE = Path(duban.__file__).parent


def _shipped(*suffixes: str) -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*") if p.suffix in suffixes and "node_modules" not in p.parts)


def test_no_stylesheet_or_script_duban_ships_refers_to_another_host():
    files = _shipped(".css", ".js")
    assert any(p.name == "dashboard.js" for p in files) and any(p.name == "duban.css" for p in files)
    offending = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".css":
            found = {u for u in _css_urls(text) if foreign(u)} | set(ABSOLUTE.findall(text))
        else:
            found = set(JS_STRING_URL.findall(text))
        offending += [f"{path.relative_to(PACKAGE)}: {u}" for u in sorted(found)]
    assert not offending, "\n".join(offending)


def test_no_template_points_at_another_host():
    """Branches the walk's data may not reach (an error page, an empty list) are read in the source."""
    templates = _shipped(".html")
    assert len(templates) > 30
    offending = [f"{path.relative_to(PACKAGE)}: {u}" for path in templates
                 for u in TEMPLATE_ATTRIBUTE.findall(path.read_text(encoding="utf-8"))]
    assert not offending, "\n".join(offending)
