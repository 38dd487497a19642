"""Old links to a comment (``/2012/03/05/slug/#comment-101``) still land on it."""

from __future__ import annotations

from collections import Counter

import lxml.html
import pytest

from porch.blog.models import Post
from porch.comments.models import Comment
from porch.importers.models import ImportedObject
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def page_ids(client, post: Post) -> tuple[Counter[str], lxml.html.HtmlElement]:
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    root = lxml.html.fromstring(response.content)
    return Counter(root.xpath("//@id")), root


def imported(wp_id: str) -> Comment:
    record = ImportedObject.objects.get(kind="comment", import_id=wp_id)
    return Comment.objects.get(pk=record.object_id)


def test_each_imported_comment_has_its_old_anchor_inside_it(garden_imported, client):
    beans = Post.objects.get(slug="planting-beans")
    ids, root = page_ids(client, beans)
    for wp_id in ("101", "102", "103", "104"):
        anchor = root.get_element_by_id(f"comment-{wp_id}")
        assert (anchor.tag, anchor.text_content()) == ("span", "")
        owner = anchor.getparent()
        assert owner.get("id") == f"comment-{imported(wp_id).pk}"
    assert [name for name, count in ids.items() if count > 1] == []


def test_a_new_comment_keeps_its_own_id_when_an_old_anchor_equals_it(
    garden_imported, client
):
    beans = Post.objects.get(slug="planting-beans")
    newer = CommentFactory(post=beans, body="Written in Porch, after the move.")
    old = imported("101")
    old.legacy_anchor = f"comment-{newer.pk}"  # the old site's id is the new pk
    old.save(update_fields=["legacy_anchor"])
    same = imported("102")
    same.legacy_anchor = f"comment-{same.pk}"  # the old id happens to be its own
    same.save(update_fields=["legacy_anchor"])

    ids, root = page_ids(client, beans)

    assert ids[f"comment-{newer.pk}"] == 1
    owner = root.get_element_by_id(f"comment-{newer.pk}")
    assert owner.tag == "li"
    assert "Written in Porch, after the move." in owner.text_content()
    assert ids[f"comment-{same.pk}"] == 1
    assert root.get_element_by_id(f"comment-{same.pk}").tag == "li"
    assert [name for name, count in ids.items() if count > 1] == []
