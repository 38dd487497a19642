"""The catch-all for pages: the site's URLconf includes it last, so every other
route wins and an address no page has is the ordinary 404."""

from django.urls import re_path

from porch.pages import views

app_name = "pages"

urlpatterns = [
    # Slugs joined by slashes, with the trailing slash every Porch address has.
    re_path(
        r"^(?P<address>[-a-zA-Z0-9_]+(?:/[-a-zA-Z0-9_]+)*)/$",
        views.page_view,
        name="page",
    ),
]
