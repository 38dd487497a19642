"""The post page's route, which belongs to the blog's namespace (``blog:post``).

The page at ``posts/<slug>/`` shows the discussion, so its view is this app's; the
blog app never imports comments, so the site's URLconf joins this route to the
blog's under the ``blog`` namespace.
"""

from django.urls import path

from porch.comments import views

urlpatterns = [
    path("posts/<slug:slug>/", views.post_page_view, name="post"),
]
