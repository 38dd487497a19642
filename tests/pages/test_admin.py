"""Pages in the admin: hosts and editors manage them, authors do not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from porch.pages.models import Page
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import PageFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "admin:pages_page_add"


def signed_in(role: str, name: str) -> Client:
    user = user_role_set(user=UserFactory(username=name, is_staff=True), role=role)
    if role == roles.HOST:
        user.is_superuser = True
        user.save()
    client = Client()
    client.force_login(user)
    return client


def form_data(**changes: Any) -> dict[str, Any]:
    data = {
        "title": "Write for us",
        "slug": "write-for-us",
        "parent": "",
        "body": "Send a *pitch* first.",
        "excerpt": "",
        "status": "published",
        "show_in_menu": "on",
        "menu_order": "2",
    }
    data.update(changes)
    return data


def change_url(page: Page) -> str:
    return reverse("admin:pages_page_change", args=[page.pk])


@pytest.mark.parametrize("role", [roles.HOST, roles.EDITOR])
def test_hosts_and_editors_add_a_page_under_a_parent(role):
    client = signed_in(role, "manager")
    about = PageFactory(slug="about")
    response = client.post(reverse(ADD), form_data(parent=about.pk))
    assert response.status_code == 302
    page = Page.objects.get(slug="write-for-us")
    assert page.get_absolute_url() == "/about/write-for-us/"
    assert page.body_html == "<p>Send a <em>pitch</em> first.</p>\n"
    assert (page.show_in_menu, page.menu_order) == (True, 2)
    assert Client().get("/about/write-for-us/").status_code == 200


def test_the_host_edits_a_page_and_orders_the_menu_from_the_list():
    client = signed_in(roles.HOST, "hosta")
    about = PageFactory(slug="about", show_in_menu=True, menu_order=1)
    contact = PageFactory(slug="contact", show_in_menu=True, menu_order=2)
    response = client.post(change_url(about), form_data(title="About me", slug="about"))
    assert response.status_code == 302
    about.refresh_from_db()
    assert about.title == "About me"

    listing = reverse("admin:pages_page_changelist")
    rows = {
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "_save": "Save",
        "form-0-id": about.pk, "form-0-menu_order": "5", "form-0-show_in_menu": "on",
        "form-1-id": contact.pk, "form-1-menu_order": "1",
        "form-1-show_in_menu": "on",
    }  # fmt: skip
    assert client.post(listing, rows).status_code == 302
    about.refresh_from_db()
    assert about.menu_order == 5


def test_a_reserved_slug_is_a_clear_form_error_and_saves_nothing():
    client = signed_in(roles.HOST, "hosta")
    response = client.post(reverse(ADD), form_data(slug="search"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["slug"] == [
        "“/search/” is already an address of the site (or kept for one): choose "
        "another slug, or put the page under a parent."
    ]
    assert not Page.objects.exists()


def test_moving_a_page_under_its_own_subpage_is_refused():
    client = signed_in(roles.EDITOR, "edda")
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    response = client.post(change_url(about), form_data(slug="about", parent=team.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [
        "A page cannot sit under itself or one of its own subpages."
    ]
    about.refresh_from_db()
    assert about.parent is None


@pytest.mark.parametrize("role", [roles.AUTHOR, roles.GUEST_CONTRIBUTOR])
def test_authors_cannot_manage_pages(role):
    client = signed_in(role, "arno")
    about = PageFactory(slug="about", title="About")
    assert client.get(reverse(ADD)).status_code == 403
    assert client.post(reverse(ADD), form_data()).status_code == 403
    assert client.post(change_url(about), form_data(slug="about")).status_code == 403
    preview = client.post(
        reverse("admin:pages_page_markdown_preview"), {"text": "*hi*"}
    )
    assert preview.status_code == 403
    assert list(Page.objects.values_list("slug", "title")) == [("about", "About")]


def test_the_body_has_the_post_editors_live_preview():
    client = signed_in(roles.EDITOR, "edda")
    html = client.get(reverse(ADD)).content.decode()
    assert 'data-preview-url="/admin/pages/page/markdown-preview/"' in html
    assert "blog/admin_preview.js" in html
    preview = client.post(
        reverse("admin:pages_page_markdown_preview"),
        {"text": "*hi* <script>x</script>"},
    )
    assert preview.json() == {"html": "<p><em>hi</em> </p>\n"}


def test_a_parent_is_not_deleted_from_under_its_subpages():
    client = signed_in(roles.HOST, "hosta")
    about = PageFactory(slug="about")
    PageFactory(slug="team", parent=about)
    delete = reverse("admin:pages_page_delete", args=[about.pk])
    response = client.post(delete, {"post": "yes"})
    assert response.status_code == 200  # the admin lists what protects it
    assert "would require deleting the following protected" in response.content.decode()
    assert Page.objects.filter(slug__in=["about", "team"]).count() == 2
