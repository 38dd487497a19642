"""Pictures in the post editor, in a real browser: upload, describe, insert."""

from __future__ import annotations

import pytest
from django.urls import reverse

from porch.media.models import Image
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import PersonFactory, UserFactory
from tests.media.pictures import photo

# Every CSP violation the page reports, kept where the test can read it.
LISTEN_FOR_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_writer_uploads_a_picture_and_its_markdown_lands_at_the_cursor(
    live_server, page, screenshot
):
    # The test settings' media folder is a fresh temporary one, served at /media/.
    user = user_role_set(user=UserFactory(username="ada"), role=roles.AUTHOR)
    PersonFactory(user=user, display_name="Ada", slug="ada")
    page.add_init_script(LISTEN_FOR_CSP)
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "ada")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}{reverse('admin:blog_post_add')}")
    page.fill("#id_title", "A morning at the harbour")
    page.fill("#id_body", "We walked down at dawn.")
    page.press("#id_body", "Control+End")  # the cursor, where the picture goes

    upload = photo(1800, 1200)
    page.set_input_files(
        "input[type=file][aria-label='Pictures to add to the post']",
        files=[
            {"name": "harbour.jpg", "mimeType": "image/jpeg", "buffer": upload.read()}
        ],
    )
    dialog = page.get_by_role("dialog")
    alt = dialog.get_by_label("Description (alt text), required")
    # Empty, the browser's own check stops the dialog; blank, ours does.
    dialog.get_by_role("button", name="Upload and insert").click()
    assert alt.evaluate("input => input.validity.valueMissing")
    alt.fill("   ")
    dialog.get_by_role("button", name="Upload and insert").click()
    dialog.get_by_role("alert").get_by_text(
        "Describe the picture before it is uploaded."
    ).wait_for()
    assert dialog.is_visible()
    assert not Image.objects.exists()
    alt.fill("Boats at dawn")
    dialog.locator("img[src^='data:image/jpeg']").wait_for()
    screenshot("editor-image-describe")
    dialog.get_by_role("button", name="Upload and insert").click()

    page.get_by_text("1 picture added.").wait_for()
    image = Image.objects.get()
    body = page.input_value("#id_body")
    assert body == f"We walked down at dawn.\n\n![Boats at dawn]({image.url})\n\n"
    assert image.url.startswith("/media/images/")
    preview = page.locator(".porch-preview-body img[srcset]")
    preview.wait_for(state="attached")
    assert preview.get_attribute("alt") == "Boats at dawn"
    assert page.evaluate("window.cspViolations") == []
    screenshot("editor-image")
