"""The admin's login page is a public write: guessing passwords is rate limited.

Per address, and per account with a lock that doubles each time, so guesses spread
over many addresses are stopped too. A refusal is a 429 with ``Retry-After``, and
reads the same whether or not the account exists.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.signals import user_login_failed
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse"


def login(client, password, *, ip="203.0.113.5", username="host"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def host():
    return UserFactory(username="host", password=PASSWORD, is_staff=True)


@pytest.fixture
def password_checks():
    """Every attempt that reached the password check and failed."""
    failed: list[str] = []

    def record(sender, credentials, **kwargs):
        failed.append(credentials.get("username", ""))

    user_login_failed.connect(record)
    yield failed
    user_login_failed.disconnect(record)


def test_the_eleventh_try_from_one_address_in_a_minute_is_a_429_with_retry_after(
    client, host
):
    tries = [login(client, "guess", username=f"user{n}").status_code for n in range(10)]

    refused = login(client, PASSWORD)

    assert tries == [200] * 10
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many sign-in attempts from your network" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_address_may_still_log_in(client, host):
    for n in range(11):
        login(client, "guess", username=f"user{n}")

    response = login(client, PASSWORD, ip="203.0.113.77")

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_sixty_guesses_from_sixty_addresses_at_one_account_are_stopped(
    client, host, password_checks
):
    answers = [login(client, f"guess {n}", ip=f"198.51.100.{n}") for n in range(60)]

    right = login(client, PASSWORD, ip="192.0.2.200")

    assert len(password_checks) == 5  # the other 55 never reached the password
    assert [answer.status_code for answer in answers] == [200] * 5 + [429] * 55
    assert right.status_code == 429
    assert 1 <= int(right["Retry-After"]) <= 60
    assert "Too many sign-in attempts for this username" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_doubles_each_time_and_a_sign_in_afterwards_forgets_it(client, host):
    locks = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            for n in range(5):
                login(client, "guess", ip=f"198.51.100.{n}")
            refused = login(client, "guess", ip="198.51.100.99")
            locks.append(int(refused["Retry-After"]))
            clock.shift(timedelta(seconds=locks[-1] - 1))
            assert login(client, PASSWORD, ip="192.0.2.1").status_code == 429
            clock.shift(timedelta(seconds=2))

        assert login(client, PASSWORD, ip="192.0.2.1").status_code == 302
        client.logout()
        for n in range(5):
            login(client, "guess", ip=f"198.51.100.{n}")
        after_sign_in = login(client, "guess", ip="198.51.100.99")

    assert locks == [60, 120, 240]
    assert int(after_sign_in["Retry-After"]) == 60  # back to the first lock


def test_a_refusal_reads_the_same_whether_or_not_the_account_exists(client, host):
    def refusal(username):
        for n in range(6):
            answer = login(client, "guess", username=username, ip=f"198.51.100.{n}")
        return answer.status_code, answer["Retry-After"], message(answer)

    def message(answer):
        page = answer.content.decode()
        return page.split('class="errornote"')[1].split("</p>")[0]

    assert refusal("host") == refusal("nobody-by-this-name")


def test_the_account_limit_counts_the_name_in_any_case(client, host):
    for n in range(5):
        login(client, "guess", username="HOST", ip=f"198.51.100.{n}")

    assert login(client, PASSWORD, ip="192.0.2.1").status_code == 429
