"""Behind a reverse proxy each commenter keeps their own address (trusted proxies)."""

import ipaddress

import pytest
from django.test import override_settings
from django.urls import reverse

from porch import config
from porch.comments.models import Comment
from porch.core.errors import ConfigError
from tests.comments.helpers import form_started
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
BEHIND_PROXY = override_settings(
    PORCH_TRUSTED_PROXIES=(ipaddress.ip_network("10.0.0.0/24"),)
)


def comment(client, post, n, *, remote, forwarded=None):
    """Comment number ``n`` by its own reader (own email: only the IP limit counts)."""
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    data = {
        "name": f"Reader {n}",
        "email": f"reader{n}@example.com",
        "body": f"Point number {n}.",
        "started": form_started(),
    }
    url = reverse("comments:create", args=[post.slug])
    return client.post(url, data, **headers)


@BEHIND_PROXY
def test_readers_behind_the_proxy_do_not_share_a_rate_limit(client):
    post = PostFactory()
    for n in range(5):
        assert (
            comment(client, post, n, remote=PROXY, forwarded="198.51.100.1").status_code
            == 302
        )
    busy = comment(client, post, 5, remote=PROXY, forwarded="198.51.100.1")
    other = comment(client, post, 6, remote=PROXY, forwarded="203.0.113.9")

    assert busy.status_code == 429
    assert other.status_code == 302
    assert Comment.objects.get(author_name="Reader 6").ip == "203.0.113.0"
    assert Comment.objects.count() == 6


@BEHIND_PROXY
def test_the_hop_the_proxy_saw_counts_not_what_the_client_wrote(client):
    post = PostFactory()
    # The client wrote the first address itself; the proxy appended the second.
    comment(client, post, 1, remote=PROXY, forwarded="192.0.2.1, 198.51.100.7")
    # Two proxies in a row: the inner one is trusted too, so it is skipped.
    comment(client, post, 2, remote=PROXY, forwarded="203.0.113.4, 10.0.0.9")

    stored = dict(Comment.objects.values_list("author_name", "ip"))
    assert stored == {"Reader 1": "198.51.100.0", "Reader 2": "203.0.113.0"}


@BEHIND_PROXY
def test_a_forwarded_header_from_anyone_else_is_ignored(client):
    post = PostFactory()
    for n in range(5):
        comment(client, post, n, remote="198.51.100.1", forwarded=f"192.0.2.{n}")
    refused = comment(client, post, 5, remote="198.51.100.1", forwarded="192.0.2.99")

    assert refused.status_code == 429
    assert set(Comment.objects.values_list("ip", flat=True)) == {"198.51.100.0"}
    assert Comment.objects.count() == 5


@BEHIND_PROXY
def test_a_garbled_forwarded_header_falls_back_to_the_proxy(client):
    post = PostFactory()
    comment(client, post, 1, remote=PROXY, forwarded="not-an-address")
    assert Comment.objects.get().ip == "10.0.0.0"


def test_without_trusted_proxies_the_header_is_never_read(client):
    post = PostFactory()
    comment(client, post, 1, remote="198.51.100.1", forwarded="203.0.113.4")
    assert Comment.objects.get().ip == "198.51.100.0"


def test_trusted_proxies_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORCH_TRUSTED_PROXIES", " 10.0.0.1, 192.168.0.0/16,, fd00::/8 ")
    assert config.trusted_proxies() == (
        ipaddress.ip_network("10.0.0.1/32"),
        ipaddress.ip_network("192.168.0.0/16"),
        ipaddress.ip_network("fd00::/8"),
    )
    monkeypatch.delenv("PORCH_TRUSTED_PROXIES")
    assert config.trusted_proxies() == ()


def test_a_proxy_given_by_name_stops_start_up_naming_the_variable(monkeypatch):
    monkeypatch.setenv("PORCH_TRUSTED_PROXIES", "10.0.0.1,proxy.internal")
    with pytest.raises(
        ConfigError, match=r"^PORCH_TRUSTED_PROXIES lists 'proxy.internal'"
    ):
        config.trusted_proxies()
