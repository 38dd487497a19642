"""Each input that used to answer 500, now a 4xx that says what is wrong (#12)."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree as ET
from django.test import Client

from porch.comments.models import Comment
from porch.people import roles
from tests.comments.helpers import form_started
from tests.desk.desk_helpers import held, member
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

PAST_BIGINT = str(2**63)  # one past what SQLite and PostgreSQL's bigint hold


@pytest.fixture
def post():
    return PostFactory(slug="garden", title="Notes from the garden")


@pytest.fixture
def host_client(client):
    client.force_login(member(roles.HOST, "hostess"))
    return client


def _comment_form(**fields: str) -> dict[str, str]:
    return {
        "name": "Dana",
        "email": "dana@example.com",
        "body": "A thought worth keeping.",
        "started": form_started(),
        **fields,
    }


# A NUL in the address: SQLite's full-text search, PostgreSQL's text values.


def test_nul_in_the_search_query_is_a_400_saying_so(client, post):
    response = client.get("/search/?q=gar%00den")

    assert response.status_code == 400
    assert "The query string contains a control character (U+0000)." in (
        response.content.decode()
    )


def test_nul_in_an_unknown_address_is_a_400_before_the_old_permalink_lookup(client):
    for address in ["/no-such-page%00/", "/tags/a%00/", "/posts/garden%00/"]:
        response = client.get(address)

        assert response.status_code == 400, address
        assert "The address contains a control character (U+0000)." in (
            response.content.decode()
        )


def test_other_control_characters_in_the_address_are_refused_too(client, post):
    assert client.get("/search/?q=%1b[31m").status_code == 400
    assert client.get("/search/?q=%C2%85").status_code == 400  # C1: NEXT LINE
    assert client.get("/posts/garden/%09/").status_code == 400
    assert client.get("/search/?q=caf%C3%A9").status_code == 200  # not a control


def test_a_control_character_in_a_form_field_name_is_a_400(client, post):
    response = client.post("/comments/posts/garden/comment/", {"bo\x00dy": "x"})

    assert response.status_code == 400
    assert "A form field name contains a control character (U+0000)." in (
        response.content.decode()
    )
    assert not Comment.objects.exists()


def test_django_own_bad_requests_use_the_same_page(client, settings, post):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3

    response = client.get("/search/?a=1&b=2&c=3&d=4")

    assert response.status_code == 400
    assert "We can\u2019t read that request" in response.content.decode()


def test_malformed_and_huge_query_strings_are_answered(client, post):
    client.raise_request_exception = True
    for query in ["=&=&", "%=%", "q", "q=%zz&page=%", "page=" + "9" * 5000]:
        assert client.get(f"/?{query}").status_code in {200, 404}, query
    long_search = client.get("/search/", {"q": "garden " * 20_000})
    assert long_search.status_code == 200
    assert client.get("/search/?q=%ff%fe").status_code == 200  # invalid UTF-8


# Ids: past 2^63 SQLite raised OverflowError; "²" passes str.isdigit, not int().


def test_ids_past_what_a_database_holds_are_404(client, post):
    for address in [
        f"/comments/{PAST_BIGINT}/",
        f"/comments/{PAST_BIGINT}/edit/",
        "/comments/9" + "9" * 40 + "/",
    ]:
        assert client.get(address).status_code == 404, address


def test_superscript_digits_in_reply_and_page_numbers_are_ignored(client, post):
    response = client.get("/posts/garden/?replytocom=%C2%B2&cpage=%C2%B2")

    assert response.status_code == 200
    assert "Leave a Reply to" not in response.content.decode()


def test_desk_filters_with_an_id_past_bigint_are_ignored_and_said(host_client):
    held(body="Waiting for a look.")

    queue = host_client.get(f"/desk/?post={PAST_BIGINT}")
    log = host_client.get(f"/desk/log/?post={PAST_BIGINT}")
    block = host_client.get("/desk/block/?comment=%C2%B2")

    assert queue.status_code == 200
    assert "Some filters were not understood and were ignored." in (
        queue.content.decode()
    )
    assert "Waiting for a look." in queue.content.decode()
    assert log.status_code == 200
    assert block.status_code == 200
    assert "Blocking the commenter of" not in block.content.decode()


def test_a_bulk_action_naming_an_id_past_bigint_changes_nothing(host_client):
    waiting = held()

    response = host_client.post(
        "/desk/bulk/",
        {"action": "approve", "comments": [str(waiting.pk), PAST_BIGINT]},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"error": "Those are not comments on this desk."}
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.PENDING


def test_a_next_address_with_a_control_character_goes_to_the_queue(host_client):
    waiting = held()

    response = host_client.post(
        f"/desk/comments/{waiting.pk}/act/", {"action": "approve", "next": "/a\x00b/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/desk/"


# The comment form: a bad field is shown beside the rest of what was typed.


def test_a_malformed_reply_target_is_said_and_the_text_kept(client, post):
    for parent in ["abc", "²", PAST_BIGINT]:
        response = client.post(
            "/comments/posts/garden/comment/", _comment_form(parent=parent)
        )
        page = response.content.decode()

        assert response.status_code == 400, parent
        assert "The comment you replied to is no longer here." in page
        assert "A thought worth keeping." in page
    assert not Comment.objects.exists()


def test_nul_in_a_name_is_refused_beside_it_and_the_text_kept(client, post):
    response = client.post(
        "/comments/posts/garden/comment/", _comment_form(name="Da\x00na")
    )
    page = response.content.decode()

    assert response.status_code == 400
    assert "Null characters are not allowed." in page
    assert 'id="comment-name-error"' in page
    assert "A thought worth keeping." in page
    assert not Comment.objects.exists()


def test_stray_controls_from_a_paste_are_dropped_from_the_comment(client, post):
    body = "Pasted from a document:\x0b the vertical tab goes.\r\nThe line stays."

    response = client.post("/comments/posts/garden/comment/", _comment_form(body=body))

    assert response.status_code == 302
    stored = Comment.objects.get()
    assert stored.body == (
        "Pasted from a document: the vertical tab goes.\r\nThe line stays."
    )


# Feeds: XML 1.0 cannot carry C0 controls, and Django's writer raised on them.


def test_feeds_leave_out_control_characters_stored_before(client):
    post = PostFactory(slug="garden", title="Tab\x0bbed title")
    CommentFactory(post=post, author_name="Eve\x01", body="a\x0cb")
    client.raise_request_exception = True

    for address in [
        "/feed/",
        "/feed/atom/",
        "/comments/feed/",
        "/comments/posts/garden/feed/atom/",
    ]:
        response = client.get(address)

        assert response.status_code == 200, address
        titles = [
            element.text
            for element in ET.fromstring(response.content).iter()
            if element.tag.endswith("title")
        ]
        assert any("Tabbed title" in (title or "") for title in titles), address


def test_a_reader_without_a_cookie_still_gets_the_400_page(post):
    response = Client().get("/search/?q=%00")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
