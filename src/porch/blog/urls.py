from django.contrib.sitemaps.views import sitemap
from django.urls import path

from porch.blog import feeds, views
from porch.blog.sitemaps import SITEMAPS

app_name = "blog"

# ``posts/<slug>/`` (``blog:post``) is not here: the post page shows the discussion, so
# its view is the comments app's, and the site's URLconf adds it to this namespace.

urlpatterns = [
    path("", views.home_view, name="home"),
    path("preview/<str:token>/", views.post_preview_view, name="preview"),
    path("authors/<slug:slug>/", views.author_detail_view, name="author"),
    path("series/<slug:slug>/", views.series_detail_view, name="series"),
    path("categories/<slug:slug>/", views.category_detail_view, name="category"),
    path("tags/<slug:slug>/", views.tag_detail_view, name="tag"),
    path("archive/<int:year>/", views.year_archive_view, name="archive_year"),
    path(
        "archive/<int:year>/<int:month>/",
        views.month_archive_view,
        name="archive_month",
    ),
    path("search/", views.search_view, name="search"),
    path("feed/", feeds.LatestPostsRssFeed(), name="feed_rss"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    path("authors/<slug:slug>/feed/", feeds.AuthorRssFeed(), name="author_feed_rss"),
    path(
        "authors/<slug:slug>/feed/atom/",
        feeds.AuthorAtomFeed(),
        name="author_feed_atom",
    ),
    path("series/<slug:slug>/feed/", feeds.SeriesRssFeed(), name="series_feed_rss"),
    path(
        "series/<slug:slug>/feed/atom/", feeds.SeriesAtomFeed(), name="series_feed_atom"
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt_view, name="robots"),
]
