"""Sessions end after 30 minutes without a request; activity keeps them alive.  Logout is a POST."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.conftest import TEST_PASSWORD

PAGE = reverse("ledger:inbox")


def log_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return Session.objects.get(session_key=client.session.session_key)


def idle(session, minutes):
    """As if the last request had been ``minutes`` ago: the session was due to end 30 minutes after it."""
    last = timezone.now() - timedelta(minutes=minutes)
    Session.objects.filter(pk=session.pk).update(expire_date=last + timedelta(minutes=30))


def test_the_session_lasts_thirty_minutes_from_the_last_request(client, office):
    session = log_in(client, office)
    assert client.get(PAGE).status_code == 200
    remaining = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_a_session_idle_for_more_than_thirty_minutes_is_logged_out(client, office):
    session = log_in(client, office)
    idle(session, 31)
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_session_used_within_thirty_minutes_is_kept_and_extended(client, office):
    session = log_in(client, office)
    idle(session, 29)
    assert client.get(PAGE).status_code == 200
    # The request pushed the end back to 30 minutes from now.
    assert Session.objects.get(pk=session.pk).expire_date - timezone.now() > timedelta(minutes=29)


def test_logout_is_a_post(client, office):
    log_in(client, office)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(PAGE).status_code == 200  # the GET logged nobody out
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(PAGE).status_code == 302
