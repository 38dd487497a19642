from datetime import timedelta

import pytest
import time_machine
from defusedxml import ElementTree as ET
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from porch.comments.identity import email_confirmed_record
from porch.comments.models import Comment, Subscription
from porch.core.models import SiteSettings
from tests.comments.helpers import form_started, known_commenter
from tests.factories import CommentFactory, PersonFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "hidden.reader@private.example"
FORM = {
    "name": "Ada",
    "email": "ada@example.com",
    "url": "https://ada.example",
    "body": "Leading from the side works for me.",
    "started": form_started(),
}


def item_html(page, pk):
    return page.split(f'<li id="comment-{pk}"')[1].split('<li id="comment-')[0]


def create_url(post):
    return reverse("comments:create", args=[post.slug])


def test_reply_is_stored_under_its_parent(client):
    parent = CommentFactory()
    response = client.post(create_url(parent.post), {**FORM, "parent": parent.pk})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=parent)
    assert (reply.body, reply.depth, reply.status) == (FORM["body"], 1, "pending")


def test_approved_comment_redirects_to_its_anchor(client):
    post = PostFactory()
    CommentFactory(author_email="ada@example.com")
    response = client.post(create_url(post), FORM)
    comment = Comment.objects.get(post=post)
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"


def test_held_comment_is_shown_to_its_writer_only(client):
    post = PostFactory()
    client.post(create_url(post), FORM)
    held = Comment.objects.get(post=post)

    mine = client.get(post.get_absolute_url()).content.decode()
    others = client.__class__().get(post.get_absolute_url()).content.decode()

    assert f'id="comment-{held.pk}"' in mine
    assert "Your comment is awaiting moderation." in mine
    assert f'id="comment-{held.pk}"' not in others
    assert FORM["body"] not in others


def test_invalid_comment_keeps_the_typed_text(client):
    post = PostFactory()
    data = {
        "body": "Half a thought, no name",
        "email": "not-an-email",
        "url": "ftp://x",
    }
    response = client.post(create_url(post), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Half a thought, no name" in page
    assert 'value="not-an-email"' in page
    assert "Please enter your name." in page
    assert "Please enter a valid email address, like name@example.com." in page
    assert "Please enter a web address starting with http:// or https://." in page
    assert 'aria-describedby="comment-email-error"' in page
    assert 'id="comment-email-error"' in page
    assert not Comment.objects.exists()


def test_whitespace_only_and_too_long_are_refused(client):
    post = PostFactory()
    blank = client.post(create_url(post), {**FORM, "body": "   \n  "})
    long = client.post(create_url(post), {**FORM, "body": "x" * 5001})
    assert (blank.status_code, long.status_code) == (400, 400)
    assert "Please type your comment." in blank.content.decode()
    assert "Ensure this value has at most 5000 characters (it has 5001)." in (
        long.content.decode()
    )
    assert not Comment.objects.exists()


def test_duplicate_shows_the_message_beside_the_comment(client):
    post = PostFactory()
    client.post(create_url(post), FORM)
    response = client.post(create_url(post), FORM)
    assert response.status_code == 400
    assert (
        "It looks as though you\u2019ve already said that!" in response.content.decode()
    )
    assert Comment.objects.count() == 1


def test_closed_post_refuses_and_says_so(client):
    post = PostFactory(comments_open=False)
    response = client.post(create_url(post), FORM)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Comments are closed" in page
    assert not Comment.objects.exists()


def test_rate_limited_submission_gets_429_and_keeps_text(client):
    post = PostFactory()
    for n in range(5):
        client.post(create_url(post), {**FORM, "body": f"Point {n}."})
    response = client.post(create_url(post), {**FORM, "body": "Sixth point."})
    assert response.status_code == 429
    assert "Sixth point." in response.content.decode()
    assert Comment.objects.count() == 5


def test_heading_counts_approved_comments(client):
    post = PostFactory(title="Walking beside")
    empty = client.get(post.get_absolute_url()).content.decode()
    CommentFactory(post=post)
    CommentFactory(post=post, status=Comment.Status.PENDING)
    one = client.get(post.get_absolute_url()).content.decode()
    CommentFactory(post=post)
    two = client.get(post.get_absolute_url()).content.decode()
    assert "No thoughts yet on \u201cWalking beside\u201d." in empty
    assert "One thought on \u201cWalking beside\u201d" in one
    assert "2 thoughts on \u201cWalking beside\u201d" in two


def test_comment_shows_name_link_badges_and_permalink(client):
    host = UserFactory(is_superuser=True, is_staff=True)
    author = PersonFactory(email="guest.author@example.com")
    post = PostFactory(author=author)
    # The author's address, proved by its writer and confirmed by an emailed link:
    # the badge; the same address typed by anyone else (any case): none.
    by_author = CommentFactory(
        post=post, author_email="Guest.Author@example.com", is_email_proven=True
    )
    email_confirmed_record(email="guest.author@example.com")
    typed = CommentFactory(post=post, author_email="GUEST.author@example.com")
    by_host = CommentFactory(post=post, user=host, author_name="The Host")
    linked = CommentFactory(
        post=post, author_name="Cy", author_url="https://cy.example"
    )

    page = client.get(post.get_absolute_url()).content.decode()

    assert '<a href="https://cy.example" rel="nofollow ugc noopener">Cy</a>' in page
    assert f'<a class="comment__permalink" href="#comment-{linked.pk}">' in page
    author_item = item_html(page, by_author.pk)
    host_item = item_html(page, by_host.pk)
    assert "comment__badge--author" in author_item
    assert "comment__badge--host" not in author_item
    assert "comment__badge--host" in host_item
    assert "comment__badge" not in item_html(page, typed.pk)


def test_email_and_ip_never_appear_in_pages_or_feeds(client):
    post = PostFactory()
    client.post(
        create_url(post), {**FORM, "email": SECRET_EMAIL}, REMOTE_ADDR="203.0.113.77"
    )
    comment = Comment.objects.get()
    comment.status = Comment.Status.APPROVED
    comment.save()
    urls = [
        post.get_absolute_url(),
        reverse("comments:feed_rss"),
        reverse("comments:feed_atom"),
        reverse("comments:post_feed_rss", args=[post.slug]),
        reverse("comments:post_feed_atom", args=[post.slug]),
    ]
    for url in urls:
        body = client.get(url).content
        assert FORM["body"].encode() in body, url
        assert SECRET_EMAIL.encode() not in body, url
        assert b"hidden.reader" not in body, url
        assert b"203.0.113" not in body, url
    assert comment.ip == "203.0.113.0"


def test_reply_link_without_javascript_renders_the_form_for_that_reply(client):
    parent = CommentFactory(author_name="Dana")
    page = client.get(f"{parent.post.get_absolute_url()}?replytocom={parent.pk}")
    text = page.content.decode()
    assert "Leave a Reply to Dana" in text
    assert f'name="parent" id="comment-parent" value="{parent.pk}"' in text
    assert 'id="cancel-comment-reply-link" rel="nofollow"' in text
    assert f"?replytocom={parent.pk}#respond" in text


def test_policy_from_post_overrides_the_site(client):
    post = PostFactory(comment_policy="No *selling*, please.")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<p>No <em>selling</em>, please.</p>" in page
    assert (
        "Your email address will not be published. Required fields are marked" in page
    )


def test_remember_me_cookie_only_when_ticked(client):
    post = PostFactory()
    plain = client.post(create_url(post), FORM)
    assert "porch_commenter" not in plain.cookies
    ticked = client.post(create_url(post), {**FORM, "body": "Again.", "remember": "on"})
    assert "porch_commenter" in ticked.cookies
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'value="Ada"' in page


def test_logged_in_author_replies_with_their_identity(client):
    user = UserFactory()
    person = PersonFactory(user=user, display_name="Dana Writer")
    post = PostFactory(author=person)
    client.force_login(user)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "You are commenting as Dana Writer." in page
    assert 'name="email"' not in page
    client.post(create_url(post), {"body": "Thanks for reading."})
    comment = Comment.objects.get()
    assert (comment.author_name, comment.status, comment.user) == (
        "Dana Writer",
        "approved",
        user,
    )


def test_ticked_boxes_ask_for_subscriptions(client, django_capture_on_commit_callbacks):
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            create_url(post), {**FORM, "notify_post": "on", "notify_replies": "on"}
        )
    kinds = sorted(Subscription.objects.values_list("kind", "email"))
    assert kinds == [("post", "ada@example.com"), ("replies", "ada@example.com")]


def test_edit_through_the_page_within_window(client):
    post = PostFactory()
    with time_machine.travel("2030-01-01 12:00:00 +0000", tick=False) as clock:
        client.post(create_url(post), {**FORM, "started": form_started()})
        comment = Comment.objects.get()
        clock.shift(timedelta(minutes=14))
        ok = client.post(
            reverse("comments:edit", args=[comment.pk]), {"body": "Edited."}
        )
        clock.shift(timedelta(minutes=2))
        late = client.post(
            reverse("comments:edit", args=[comment.pk]), {"body": "Late."}
        )
    comment.refresh_from_db()
    assert (ok.status_code, late.status_code, comment.body) == (302, 400, "Edited.")


def test_edit_by_another_browser_is_forbidden(client):
    comment = CommentFactory(body="Not yours.")
    response = client.post(
        reverse("comments:edit", args=[comment.pk]), {"body": "Mine"}
    )
    comment.refresh_from_db()
    assert (response.status_code, comment.body) == (403, "Not yours.")


def test_post_comment_feed_lists_approved_only(client):
    post = PostFactory(title="Walking beside")
    shown = CommentFactory(post=post, author_name="Ada", body="Shown here.")
    CommentFactory(post=post, status=Comment.Status.PENDING, body="Held back.")

    rss = ET.fromstring(
        client.get(reverse("comments:post_feed_rss", args=[post.slug])).content
    )
    atom = ET.fromstring(
        client.get(reverse("comments:post_feed_atom", args=[post.slug])).content
    )

    items = rss.findall("./channel/item")
    assert [item.findtext("title") for item in items] == [
        "Ada on \u201cWalking beside\u201d"
    ]
    assert items[0].findtext("link") == f"http://testserver/comments/{shown.pk}/"
    assert items[0].findtext("description").strip() == "<p>Shown here.</p>"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(atom.findall("a:entry", ns)) == 1


def test_page_links_when_comments_span_pages(client):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(comments_per_page=2)
    from django.core.cache import cache

    cache.clear()
    post = PostFactory()
    comments = [CommentFactory(post=post) for _ in range(3)]
    page_two = client.get(f"{post.get_absolute_url()}?cpage=2").content.decode()
    assert f'id="comment-{comments[2].pk}"' in page_two
    assert f'id="comment-{comments[0].pk}"' not in page_two
    assert (
        f'<li id="comment-{comments[2].pk}" class="comment depth-1" value="3">'
        in page_two
    )
    assert '<a href="?cpage=1#comments">Comments page 1</a>' in page_two


def test_an_empty_edit_points_the_field_at_its_error_and_keeps_the_text(client):
    post = PostFactory()
    client.post(create_url(post), FORM)
    comment = Comment.objects.get()

    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": " "})

    page = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="comment-body-error comment-body-hint"' in page
    assert 'id="comment-body-error">Please type your comment.' in page
    comment.refresh_from_db()
    assert comment.body == FORM["body"]


def test_too_many_edits_answer_429_and_keep_the_last_saved_text(client):
    post = PostFactory()
    client.post(create_url(post), FORM)  # the first of five a minute
    comment = Comment.objects.get()
    edit_url = reverse("comments:edit", args=[comment.pk])
    statuses = [
        client.post(edit_url, {"body": f"Take {n}."}).status_code for n in range(4)
    ]

    page = client.post(edit_url, {"body": "One edit too many."})

    assert statuses == [302, 302, 302, 302]
    assert page.status_code == 429
    assert "Please wait a minute" in page.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Take 3."


def test_an_approved_comment_edited_into_spam_leaves_every_readers_page(client):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(moderation_disallowed_words="casino")
    cache.clear()
    post = PostFactory()
    known_commenter(client, name=FORM["name"], email=FORM["email"])
    client.post(create_url(post), FORM)
    comment = Comment.objects.get(post=post)
    reader = Client()
    assert FORM["body"] in reader.get(post.get_absolute_url()).content.decode()

    client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Cheap casino."})

    assert "casino" not in reader.get(post.get_absolute_url()).content.decode()
    comment.refresh_from_db()
    assert comment.status == "spam"
