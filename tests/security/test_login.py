"""Login failures lock a username at one address for 30 minutes (django-axes), and only that.

One office behind one NAT address shares that address: a colleague mistyping five times must
not lock everybody else out, and a user locked at one address can still log in at another.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

from tests.conftest import TEST_PASSWORD

LOGIN = reverse("accounts:login")
OFFICE_NAT = "10.1.1.1"
HOME = "10.2.2.2"


def log_in(client, username, password, addr):
    client.logout()
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=addr)


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("plans:home")


@pytest.fixture
def x(office):
    return office


@pytest.fixture
def y(liaison):
    return liaison


def fail(client, user, times, addr=OFFICE_NAT):
    for _ in range(times):
        response = log_in(client, user.username, "wrong-password", addr)
        assert not logged_in(response)
    return response


def test_the_right_password_logs_in(client, x):
    assert logged_in(log_in(client, x.username, TEST_PASSWORD, OFFICE_NAT))


def test_four_failures_do_not_lock(client, x):
    fail(client, x, 4)
    assert logged_in(log_in(client, x.username, TEST_PASSWORD, OFFICE_NAT))


def test_five_failures_lock_the_user_at_that_address_even_with_the_right_password(client, x):
    locked = fail(client, x, 5)
    assert locked.status_code == 429
    assert "登录失败次数过多，账号已锁定 30 分钟" in locked.text
    refused = log_in(client, x.username, TEST_PASSWORD, OFFICE_NAT)
    assert not logged_in(refused) and refused.status_code == 429


def test_the_lock_holds_neither_another_address_nor_another_user(client, x, y):
    fail(client, x, 5)
    assert logged_in(log_in(client, x.username, TEST_PASSWORD, HOME))
    assert logged_in(log_in(client, y.username, TEST_PASSWORD, OFFICE_NAT))


def test_failures_at_different_addresses_do_not_add_up(client, x):
    fail(client, x, 4, OFFICE_NAT)
    fail(client, x, 4, HOME)
    assert logged_in(log_in(client, x.username, TEST_PASSWORD, OFFICE_NAT))


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(client, x):
    fail(client, x, 5)
    client.logout()
    response = client.post(LOGIN, {"username": x.username, "password": TEST_PASSWORD},
                           REMOTE_ADDR=OFFICE_NAT, headers={"X-Forwarded-For": "192.0.2.99"})
    assert response.status_code == 429


def test_a_successful_login_clears_the_failures(client, x):
    fail(client, x, 4)
    assert logged_in(log_in(client, x.username, TEST_PASSWORD, OFFICE_NAT))
    fail(client, x, 4)
    assert logged_in(log_in(client, x.username, TEST_PASSWORD, OFFICE_NAT))


def wait(minutes):
    """Let time pass for the lockout: every recorded attempt moves into the past."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_the_lock_lasts_thirty_minutes(client, x):
    fail(client, x, 5)
    wait(29)
    assert log_in(client, x.username, TEST_PASSWORD, OFFICE_NAT).status_code == 429
    wait(2)
    assert logged_in(log_in(client, x.username, TEST_PASSWORD, OFFICE_NAT))
