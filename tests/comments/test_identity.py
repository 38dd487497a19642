"""Identity: a typed email proves nothing; badges and "known" need an account or proof.

Through the comment form, as a browser posts it, and through the services.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from porch.comments.cookies import PROOF_COOKIE, commenter_proof
from porch.comments.identity import (
    IdentityProof,
    commenter_standing,
    email_confirmed_record,
)
from porch.comments.models import Comment, ConfirmedEmail, Subscription
from porch.moderation.models import BlockRule, ModerationEvent
from tests.comments.helpers import form_started, known_commenter, proof_cookie_set
from tests.factories import CommentFactory, PersonFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

MEMBER_EMAIL = {
    "code": "member_email",
    "message": "uses the email of a member of this site",
    "evidence": [],
}
AUTHOR_EMAIL = "guest.author@example.com"


@pytest.fixture
def post():
    author = PersonFactory(email=AUTHOR_EMAIL, display_name="Gail Guest")
    return PostFactory(author=author)


def comment_form(client, post, **fields):
    data = {
        "name": "Gail Guest",
        "email": AUTHOR_EMAIL,
        "body": "Thank you all for reading.",
        "started": form_started(),
        **fields,
    }
    return client.post(reverse("comments:create", args=[post.slug]), data)


def badges(client, comment):
    page = client.get(comment.post.get_absolute_url()).content.decode()
    item = page.split(f'<li id="comment-{comment.pk}"')[1].split("</article>")[0]
    return re.findall(r'class="comment__badge comment__badge--(\w+)"', item)


def approve(comment):
    comment.status = Comment.Status.APPROVED
    comment.save(update_fields=["status", "updated_at"])


@pytest.mark.parametrize(
    "typed", [AUTHOR_EMAIL, "Guest.Author@Example.com", "GUEST.AUTHOR@EXAMPLE.COM"]
)
def test_a_stranger_with_the_authors_email_is_held_and_never_badged(
    client, post, typed
):
    response = comment_form(client, post, email=typed)

    comment = Comment.objects.get(post=post)
    assert response.status_code == 302
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reasons[0] == MEMBER_EMAIL
    assert comment.is_email_proven is False
    approve(comment)  # even let in by a moderator by mistake
    email_confirmed_record(email=AUTHOR_EMAIL)  # and the author confirmed elsewhere
    assert badges(Client(), comment) == []


def test_the_hosts_and_a_guest_authors_addresses_are_members_in_any_case(post):
    UserFactory(username="host", email="Host@Porch.example", is_superuser=True)
    PersonFactory(email="no.login@guest.example")  # a guest author who never logs in
    for typed in ("host@porch.EXAMPLE", "No.Login@guest.example"):
        standing = commenter_standing(
            post=post, name="Maren", email=typed, proof=IdentityProof()
        )
        assert (standing.uses_member_email, standing.is_known_commenter) == (
            True,
            False,
        )
    reader = commenter_standing(
        post=post, name="Ada", email="ada@example.com", proof=IdentityProof()
    )
    assert reader.uses_member_email is False


def test_a_member_email_never_counts_as_known_from_its_held_comments(client, post):
    earlier = CommentFactory(author_name="Gail Guest", author_email=AUTHOR_EMAIL)
    assert earlier.is_email_proven is False  # typed, unproven: approved anyway
    proof_cookie_set(client, comments=[earlier.pk])

    comment_form(client, post)

    comment = Comment.objects.get(post=post)
    codes = [reason["code"] for reason in comment.moderation_reasons]
    assert codes == ["member_email", "first_time"]


def test_the_signed_in_author_gets_the_badge(client):
    user = UserFactory(email=AUTHOR_EMAIL)
    post = PostFactory(author=PersonFactory(user=user, email=AUTHOR_EMAIL))
    client.force_login(user)

    client.post(
        reverse("comments:create", args=[post.slug]), {"body": "Glad you liked it."}
    )

    comment = Comment.objects.get(post=post)
    assert (comment.status, comment.user, comment.is_email_proven) == (
        Comment.Status.APPROVED,
        user,
        True,
    )
    assert badges(Client(), comment) == ["author"]


def test_an_address_confirmed_by_link_in_this_browser_earns_the_badge(
    client, post, mailoutbox, django_capture_on_commit_callbacks
):
    # The guest author asks to follow the discussion: held (a member's address)...
    with django_capture_on_commit_callbacks(execute=True):
        comment_form(client, post, notify_post="on")
    first = Comment.objects.get(post=post)
    assert first.moderation_reasons[0] == MEMBER_EMAIL
    (letter,) = [m for m in mailoutbox if m.to == [AUTHOR_EMAIL]]
    confirm = re.search(r"http://testserver(\S+/confirm/\S+/)", letter.body)
    assert confirm is not None
    assert ConfirmedEmail.objects.count() == 0

    # ...follows the emailed link in this browser...
    response = client.post(confirm.group(1))
    assert response.status_code == 200
    assert list(ConfirmedEmail.objects.values_list("email", flat=True)) == [
        AUTHOR_EMAIL
    ]
    assert response.cookies[PROOF_COOKIE]["httponly"] is True
    assert response.cookies[PROOF_COOKIE]["samesite"] == "Lax"

    # ...and from now on writes as the author, badge and all.
    comment_form(client, post, email="Guest.Author@example.com", body="Welcome!")
    second = Comment.objects.get(post=post, body="Welcome!")
    assert second.is_email_proven is True
    assert "member_email" not in [r["code"] for r in second.moderation_reasons]
    approve(second)
    assert badges(Client(), second) == ["author"]
    approve(first)  # its writer proved nothing when writing it
    assert badges(Client(), first) == []


def test_a_confirmed_address_without_this_browsers_proof_is_still_a_stranger(
    client, post
):
    email_confirmed_record(email=AUTHOR_EMAIL)

    comment_form(client, post)

    comment = Comment.objects.get(post=post)
    assert comment.moderation_reasons[0] == MEMBER_EMAIL
    assert comment.is_email_proven is False


def test_known_commenter_needs_the_same_name_email_and_this_browsers_proof(post):
    known_commenter(Client(), name="Ada", email="ada@example.com")
    earlier = Comment.objects.get(author_name="Ada")
    cases = {
        "no proof": (Client(), {}),
        "proof, other name": (Client(), {"name": "Ada L."}),
        "proof": (Client(), {}),
        "proof, email in another case": (Client(), {"email": "ADA@example.com"}),
    }
    for label, (browser, _fields) in cases.items():
        if label != "no proof":
            proof_cookie_set(browser, comments=[earlier.pk])
    for n, (label, (browser, fields)) in enumerate(cases.items()):
        data = {"name": "Ada", "email": "ada@example.com", **fields}
        comment_form(browser, post, body=f"Thought {n}: {label}.", **data)
    statuses = {
        label: Comment.objects.get(body__startswith=f"Thought {n}:").status
        for n, label in enumerate(cases)
    }
    assert statuses == {
        "no proof": "pending",
        "proof, other name": "pending",
        "proof": "approved",
        "proof, email in another case": "approved",
    }


def test_an_email_confirmed_by_link_in_this_browser_makes_a_returning_reader_known(
    client, post
):
    CommentFactory(author_name="Ada", author_email="ada@example.com")
    email_confirmed_record(email="ada@example.com")
    proof_cookie_set(client, emails=["ada@example.com"])

    comment_form(client, post, name="Ada", email="ada@example.com")

    assert Comment.objects.get(post=post).status == Comment.Status.APPROVED


def test_a_forged_proof_cookie_proves_nothing(client, post):
    earlier = CommentFactory(author_name="Ada", author_email="ada@example.com")
    client.cookies[PROOF_COOKIE] = f'{{"comments": [{earlier.pk}]}}'

    comment_form(client, post, name="Ada", email="ada@example.com")

    assert Comment.objects.get(post=post).status == Comment.Status.PENDING


def test_each_comment_renews_the_browsers_proof(client, post):
    comment_form(client, post, name="Ada", email="ada@example.com")
    comment = Comment.objects.get(post=post)
    request = type("Request", (), {"COOKIES": {PROOF_COOKIE: ""}})()
    request.COOKIES[PROOF_COOKIE] = client.cookies[PROOF_COOKIE].value
    assert commenter_proof(request) == IdentityProof(
        comment_ids=frozenset({comment.pk})
    )
    assert client.cookies[PROOF_COOKIE]["max-age"] == 60 * 60 * 24 * 360


@pytest.mark.parametrize("trap", ["honeypot", "no started", "empty started"])
def test_a_bot_with_notify_ticked_makes_porch_send_nothing(
    client, post, mailoutbox, django_capture_on_commit_callbacks, trap
):
    UserFactory(username="host", email="host@porch.example", is_superuser=True)
    fields = {
        "name": "Cheap Pills",
        "email": "victim@example.org",
        "notify_post": "on",
        "notify_replies": "on",
    }
    if trap == "honeypot":
        fields["homepage"] = "https://cheap.example"
    data = {**fields, "body": "Great post."}
    data["started"] = "" if trap == "empty started" else form_started()
    if trap == "no started":
        del data["started"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("comments:create", args=[post.slug]), data)

    comment = Comment.objects.get(post=post)
    assert (response.status_code, comment.status) == (302, Comment.Status.SPAM)
    expected = (
        "rule:honeypot" if trap == "honeypot" else "rule:form_timing",
        "Filled in the field hidden from people."
        if trap == "honeypot"
        else "Posted without the form's signed timestamp.",
    )
    first = comment.moderation_reasons[0]
    assert (first["code"], first["message"]) == expected
    assert mailoutbox == []
    assert Subscription.objects.count() == 0
    assert list(ModerationEvent.objects.values_list("action", flat=True)) == [
        "auto_spam"
    ]


def test_blocklisted_commenter_with_notify_ticked_gets_no_email(
    client, post, mailoutbox, django_capture_on_commit_callbacks
):
    BlockRule.objects.create(kind="email", value="spammer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        comment_form(
            client, post, name="Sam", email="spammer@example.org", notify_post="on"
        )
    assert Comment.objects.get(post=post).status == Comment.Status.SPAM
    assert (mailoutbox, Subscription.objects.count()) == ([], 0)


def test_emails_to_a_typed_address_greet_nobody_by_the_typed_name(
    client, post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_form(
            client,
            post,
            name="Click evil.example now",
            email="someone@example.org",
            notify_post="on",
        )
    (letter,) = [m for m in mailoutbox if m.to == ["someone@example.org"]]
    html = letter.alternatives[0][0]
    assert letter.body.startswith("Hello,\n")
    assert "<p>Hello,</p>" in html
    assert "Click evil.example now" not in letter.body + html + letter.subject
