"""A name cannot pass for another, or turn the badges beside it around (#12).

"\\u202etsoH" is shown right to left: it reads "Host". Names and websites lose
Unicode's invisible format characters on the way in, and where they are shown.
"""

from __future__ import annotations

import pytest

from porch.comments.models import Comment
from porch.core.identity_text import identity_text_clean
from porch.people import roles
from porch.people.models import Person
from tests.comments.helpers import form_started
from tests.desk.desk_helpers import member
from tests.factories import CommentFactory, PersonFactory, PostFactory

pytestmark = pytest.mark.django_db

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
ZWSP, ZWNJ, ZWJ, BOM = "\u200b", "\u200c", "\u200d", "\ufeff"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (f"{RLO}tsoH", "tsoH"),
        (f"Eve {RLO}tsoH{PDF}", "Eve tsoH"),
        (f"{LRI}Host{PDI} Eve", "Host Eve"),
        (f"Ho{ZWSP}st", "Host"),
        (f"{BOM}Dana\u00adBlack", "DanaBlack"),  # soft hyphen
        ("Dana\u2028Black\x0b", "Dana Black"),  # line separator, vertical tab
        ("  Dana   Black ", "Dana Black"),
        (f"می{ZWNJ}خواهم", f"می{ZWNJ}خواهم"),  # Persian needs its ZWNJ
        (f"Dana 👩{ZWJ}💻", f"Dana 👩{ZWJ}💻"),  # an emoji sequence
        (f"Dana{ZWJ} ", "Dana"),  # a joiner joining nothing
        (f"{ZWJ}{ZWJ}Host", "Host"),
    ],
)
def test_identity_text_clean(typed, kept):
    assert identity_text_clean(typed) == kept


def test_a_typed_name_cannot_read_as_host(client):
    post = PostFactory(slug="garden")
    data = {
        "name": f"{RLO}tsoH",
        "email": "eve@example.com",
        "url": f"https://eve.exa{RLO}mple",
        "body": "Take my word for it.",
        "started": form_started(),
    }

    response = client.post("/comments/posts/garden/comment/", data)

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author_name, comment.author_url) == ("tsoH", "https://eve.example")
    page = client.get(post.get_absolute_url()).content.decode()
    assert RLO not in page
    assert "comment__badge--host" not in page


def test_a_name_of_nothing_but_format_characters_is_asked_for_again(client):
    PostFactory(slug="garden")
    data = {
        "name": f"{RLO}{ZWSP}{PDF}",
        "email": "eve@example.com",
        "body": "Who am I?",
        "started": form_started(),
    }

    response = client.post("/comments/posts/garden/comment/", data)

    assert response.status_code == 400
    assert "Please enter your name." in response.content.decode()
    assert "Who am I?" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_name_stored_before_is_cleaned_where_it_is_shown(client):
    comment = CommentFactory(author_name=f"Eve {RLO}tsoH")

    page = client.get(comment.post.get_absolute_url()).content.decode()

    assert RLO not in page
    assert 'data-author-name="Eve tsoH"' in page


def test_a_signed_in_writer_byline_is_cleaned_too(client):
    user = member(roles.AUTHOR, "writer")
    PersonFactory(user=user, display_name=f"{RLO}tsoH")
    post = PostFactory(slug="garden")
    client.force_login(user)

    response = client.post(
        "/comments/posts/garden/comment/", {"body": "From the author."}
    )

    assert response.status_code == 302
    assert Comment.objects.get(post=post).author_name == "tsoH"


def test_a_byline_saved_in_the_admin_is_cleaned(client):
    client.force_login(member(roles.HOST, "hostess"))
    data = {
        "display_name": f"{RLO}tsoH",
        "slug": "eve",
        "site_name": f"Eve{ZWSP}'s garden",
        "site_url": "https://eve.example",
        "books-TOTAL_FORMS": "0",
        "books-INITIAL_FORMS": "0",
    }

    response = client.post("/admin/people/person/add/", data)

    assert response.status_code == 302
    person = Person.objects.get(slug="eve")
    assert (person.display_name, person.site_name) == ("tsoH", "Eve's garden")
