"""Department A's people cannot reach department B's reports, evidence or approvals by any URL.

Every URL pattern of the project is walked, its keywords filled with B's records as
tests/security/ownership.py maps them, and called with GET and POST.  A new view is covered by
adding its keywords to ownership.py; an undescribed keyword fails the walk.
"""

from django.test import Client
from django.urls import reverse

from duban.ledger.models import Report

from .conftest import SECRET
from .ownership import DEPARTMENT, OWNERSHIP
from .urlwalk import database_writes, duban_routes
from .walking import ATTACK_FORM, body, fail_on_undescribed, owner_of, urls

# 401: the token-only API (/api/) answers a browser session as if no one had logged in.
REFUSED = {401, 403, 404}



def test_every_url_keyword_says_whose_record_it_names(db):
    fail_on_undescribed(duban_routes())


def test_the_walk_covers_the_ledger(db):
    department_routes = {r.name for r in duban_routes() if all(k in OWNERSHIP for k in r.keywords)
                         and owner_of(r) == DEPARTMENT}
    assert {"ledger:report", "ledger:report_save", "ledger:report_act", "ledger:evidence_add",
            "ledger:evidence", "ledger:evidence_delete"} <= department_routes


def logged_in(*users) -> list[Client]:
    """One client per user, logged in before any walk: a login itself writes (last_login, axes)."""
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_a_and_its_head_are_refused_every_record_of_b(request, b_world, liaison_a, head_a, liaison_b):
    routes = duban_routes()
    fail_on_undescribed(routes)
    owner, *others = logged_in(liaison_b, liaison_a, head_a)
    checked = 0
    for route in (r for r in routes if owner_of(r) == DEPARTMENT):
        for url in urls(request, route):
            assert owner.get(url).status_code not in REFUSED, f"{url}: B itself is refused — the walk's record is wrong"
            for user, client in zip((liaison_a, head_a), others):
                with database_writes() as written:
                    answers = {"GET": client.get(url), "POST": client.post(url, ATTACK_FORM)}
                    texts = {method: body(response) for method, response in answers.items()}
                for method, response in answers.items():
                    where = f"{method} {url} ({route}) as {user.username}"
                    assert response.status_code in REFUSED | {405}, f"{where}: {response.status_code}"
                    assert SECRET not in texts[method], f"{where} shows B's text"
                assert {r.status_code for r in answers.values()} & REFUSED, f"{url}: neither method was refused"
                assert written == [], f"{url}: {user.username}'s requests wrote to the database: {written}"
            checked += 1
    assert checked > 30


def test_zone_pages_never_show_b_s_text_to_a(client, request, b_world, liaison_a, head_a):
    for route in duban_routes():
        if owner_of(route) == DEPARTMENT:
            continue
        for url in urls(request, route):
            for user in (liaison_a, head_a):
                client.force_login(user)
                response = client.get(url)
                assert response.status_code < 500, url
                assert SECRET not in body(response), f"GET {url} ({route}) shows B's text to {user.username}"


def test_a_cannot_open_a_draft_on_b_s_assignment(client, liaison_a, b_item, b_assignment):
    """report_start takes the assignment from the form, not the URL: checked here by hand."""
    client.force_login(liaison_a)
    june = b_item.task.plan.cycles.get(label="2020年6月")
    response = client.post(reverse("ledger:report_start", args=[b_item.pk]),
                           {"assignment": b_assignment.pk, "cycle": june.pk})
    assert response.status_code == 403
    assert not Report.objects.filter(assignment=b_assignment).exists()


def test_a_user_of_another_zone_gets_404_on_everything_of_the_zone(request, b_world, outsider):
    [client] = logged_in(outsider)
    checked = 0
    for route in duban_routes():
        if owner_of(route) is None:
            continue
        for url in urls(request, route):
            with database_writes() as written:
                answers = {"GET": client.get(url), "POST": client.post(url, ATTACK_FORM)}
            for method, response in answers.items():
                assert response.status_code in {401, 404, 405}, f"{method} {url} ({route}): {response.status_code}"
            assert {401, 404} & {r.status_code for r in answers.values()}, url
            assert written == [], f"{url}: the outsider's requests wrote to the database: {written}"
            checked += 1
    assert checked > 30
