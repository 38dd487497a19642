"""Blocks by role: authors and guest contributors block only the exact email."""

from __future__ import annotations

import pytest
from django.urls import reverse

from porch.desk.errors import ModerationRefusedError
from porch.desk.services.blocks import commenter_block
from porch.moderation.models import BlockRule, ModerationEvent
from porch.people import roles
from tests.desk.desk_helpers import SECRET_EMAIL, held, member
from tests.factories import PersonFactory, PostFactory

pytestmark = pytest.mark.django_db

DOMAIN_OR_RANGE = (
    "Only the host and editors may block a whole domain or IP range; "
    "you may block this commenter&#x27;s email address."
)


@pytest.fixture
def author():
    user = member(roles.AUTHOR, "arthur")
    return user, PostFactory(author=PersonFactory(user=user))


@pytest.mark.parametrize("who", ["guest", "author"])
@pytest.mark.parametrize("kind", ["domain", "ip"])
def test_authors_and_guests_cannot_block_a_domain_or_range_from_their_own_post(
    client, request, who, kind
):
    user, own = request.getfixturevalue(who)
    comment = held(post=own, risk=0.9, ip="203.0.113.0")
    client.force_login(user)

    response = client.post(
        reverse("desk:block"),
        {"kind": kind, "value": "", "comment": comment.pk, "expires_in_days": "30"},
    )

    assert response.status_code == 400
    assert DOMAIN_OR_RANGE in response.content.decode()
    assert not BlockRule.objects.exists()
    assert not ModerationEvent.objects.exists()


@pytest.mark.parametrize("who", ["guest", "author"])
def test_authors_and_guests_block_the_exact_email_of_a_comment_on_their_post(
    client, request, who
):
    user, own = request.getfixturevalue(who)
    comment = held(post=own, risk=0.9)
    client.force_login(user)

    response = client.post(
        reverse("desk:block"),
        {"kind": "email", "value": "", "comment": comment.pk, "expires_in_days": "30"},
    )

    assert response.status_code == 302
    rule = BlockRule.objects.get()
    assert (rule.kind, rule.value, rule.created_by_id) == (
        "email",
        SECRET_EMAIL,
        user.pk,
    )


def test_the_guests_form_offers_only_the_email(client, guest):
    user, own = guest
    comment = held(post=own, risk=0.9)
    client.force_login(user)

    html = client.get(reverse("desk:block"), {"comment": comment.pk}).content.decode()

    assert '<option value="email" selected>Email address</option>' in html
    assert 'value="domain"' not in html
    assert 'value="ip"' not in html
    assert 'name="value"' not in html


def test_the_hosts_form_offers_every_kind(host_client):
    html = host_client.get(reverse("desk:block")).content.decode()

    assert '<option value="domain">Email domain</option>' in html
    assert '<option value="ip">IP range</option>' in html
    assert 'type="text" name="value"' in html


@pytest.mark.parametrize("role", [roles.HOST, roles.EDITOR])
def test_hosts_and_editors_block_domains_and_ranges(role):
    actor = member(role, "boss")

    commenter_block(actor=actor, kind="domain", value="spam.example")
    commenter_block(actor=actor, kind="ip", value="198.51.100.0/24")

    assert sorted(BlockRule.objects.values_list("kind", flat=True)) == [
        "domain",
        "ip",
    ]


def test_the_service_refuses_an_authors_domain_block_even_on_their_own_post(author):
    user, own = author
    comment = held(post=own, risk=0.9)

    with pytest.raises(ModerationRefusedError, match="Only the host and editors"):
        commenter_block(actor=user, kind="domain", comment=comment)

    assert not BlockRule.objects.exists()
    assert not ModerationEvent.objects.exists()
