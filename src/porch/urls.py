from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve as serve_media

from porch.blog import urls as blog_urls
from porch.comments import post_urls
from porch.core.views import login_view

handler404 = "porch.core.views.not_found_view"
handler500 = "porch.core.views.server_error_view"

urlpatterns = [
    # Before the admin's own: the same page, with 429 and Retry-After when throttled.
    path("admin/login/", login_view),
    path("admin/", admin.site.urls),
    path("comments/", include("porch.comments.urls")),
    path("desk/", include("porch.desk.urls")),
    # The blog's pages and the post page (``blog:post``), whose view is the comments
    # app's because it shows the discussion: one namespace; blog imports no comments.
    path("", include((post_urls.urlpatterns + blog_urls.urlpatterns, "blog"))),
    # Uploads are few and small on a blog; a reverse proxy may serve /media/ instead.
    re_path(
        r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}
    ),
    # Last: the static pages' catch-all (``/about/write-for-us/``), so every route
    # above wins and an address no page has is the ordinary 404.
    path("", include("porch.pages.urls")),
]
