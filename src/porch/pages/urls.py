"""The catch-all for pages: the site's URLconf includes it last, so every other
route wins and an address no page has is the ordinary 404."""

from django.urls import path, register_converter

from porch.pages import views


class PageAddressConverter:
    """Slugs joined by slashes (``about/write-for-us``): anything else is no page's
    address, so it does not match (and ``/wp-login.php`` stays a plain 404)."""

    regex = "[-a-zA-Z0-9_]+(?:/[-a-zA-Z0-9_]+)*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PageAddressConverter, "page_address")

app_name = "pages"

urlpatterns = [
    path("<page_address:address>/", views.page_view, name="page"),
]
