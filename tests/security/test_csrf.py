"""Every state change is a POST protected against cross-site request forgery.

Walks every URL pattern of the project: no view is exempt from the CSRF check, a GET never
changes the database, and a POST without the CSRF token is refused and changes nothing.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from duban.notifications.models import Notification

from .urlwalk import all_routes, database_writes, duban_routes
from .walking import ATTACK_FORM, body, fail_on_undescribed, urls

#: The one kind of view allowed to skip the CSRF check: the cases API under /api/, which accepts
#: only an ``Authorization: Bearer`` token — something a cross-site form cannot send, unlike a
#: cookie.  test_the_token_api_ignores_the_browser_session proves it ignores the session.
TOKEN_ONLY_PREFIX = "api/"


def is_token_only(route) -> bool:
    return route.route.startswith(TOKEN_ONLY_PREFIX)


def test_the_csrf_middleware_is_on():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_no_view_is_exempt_from_csrf(db):
    exempt = [str(r) for r in all_routes() if getattr(r.callback, "csrf_exempt", False) and not is_token_only(r)]
    assert exempt == []


def test_the_token_api_ignores_the_browser_session(client, office):
    """The API's views are CSRF-exempt; that is safe only because a session does not log in there."""
    client.force_login(office)
    api_routes = [r for r in all_routes() if getattr(r.callback, "csrf_exempt", False)]
    for route in api_routes:
        assert is_token_only(route), route
        url = route.url(**dict.fromkeys(route.keywords, "ZD-2020-0001"))
        with database_writes() as written:
            answers = {
                "GET": client.get(url),
                "POST": client.post(url, data="{}", content_type="application/json"),
                "PUT": client.put(url, data="{}", content_type="application/json"),
            }
        for method, response in answers.items():
            # 401: not logged in as far as the API is concerned; 405: the method is not offered.
            assert response.status_code in (401, 405), f"{method} {url}: {response.status_code}"
        assert 401 in {r.status_code for r in answers.values()}, url
        assert written == [], f"{url}: {written}"


@pytest.mark.parametrize("role_user", ["office", "liaison_b", "head_b"])
def test_a_get_never_changes_anything(client, request, b_world, role_user):
    routes = duban_routes()
    fail_on_undescribed(routes)
    user = request.getfixturevalue(role_user)
    # An unread message, so that a page marking messages read on sight would be caught.
    Notification.objects.create(zone_id=user.zone_id, recipient=user, key="walk", title="未读消息")
    for route in routes:
        for url in urls(request, route):
            client.force_login(user)  # should some GET log out, the next URL is still walked logged in
            with database_writes() as written:
                response = client.get(url)
                body(response)  # a streamed response runs its generator only when read
            assert response.status_code < 500, f"GET {url} ({route}): {response.status_code}"
            assert written == [], f"GET {url} ({route}) wrote to the database: {written}"


def test_a_post_without_the_csrf_token_is_refused(request, b_world, office):
    routes = duban_routes()
    fail_on_undescribed(routes)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(office)
    browser.get(reverse("accounts:login"))  # the CSRF cookie is set: only the token is missing
    assert browser.cookies.get(settings.CSRF_COOKIE_NAME)
    checked = 0
    for route in routes:
        if is_token_only(route):
            continue
        for url in urls(request, route):
            with database_writes() as written:
                response = browser.post(url, ATTACK_FORM)
            assert response.status_code == 403, f"POST {url} ({route}) without a CSRF token: {response.status_code}"
            assert written == [], f"POST {url} ({route}) wrote to the database: {written}"
            checked += 1
    assert checked > 30


def test_the_same_post_with_the_token_goes_through(office):
    """The control for the test above: its 403s come from the missing token, nothing else."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(office)
    browser.get(reverse("accounts:login"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    assert browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert browser.get(reverse("ledger:inbox")).status_code == 302  # logged out: sent to the login page


def test_the_write_detector_sees_a_write_even_of_nothing(office):
    """The walks above rely on database_writes(); here it is seen to work."""
    with database_writes() as written:
        Notification.objects.filter(recipient=office).update(title="改")  # no row matches: still a write
    assert len(written) == 1 and written[0].lstrip().upper().startswith("UPDATE")
    with database_writes() as written:
        list(Notification.objects.all())
    assert written == []
