from django.urls import path

from porch.comments import feeds, form_views, subscription_views, views

app_name = "comments"

urlpatterns = [
    path("posts/<slug:slug>/comment/", views.comment_create_view, name="create"),
    path("<id:pk>/", views.comment_permalink_view, name="permalink"),
    path(
        "posts/<slug:slug>/old-anchor/",
        views.comment_old_anchor_view,
        name="old_anchor",
    ),
    path("form-started/", form_views.form_started_view, name="form_started"),
    path("preview/", form_views.comment_preview_view, name="preview"),
    path("<id:pk>/edit/", views.comment_edit_view, name="edit"),
    path("<id:pk>/delete/", views.comment_delete_view, name="delete"),
    path("feed/", feeds.SiteCommentsRssFeed(), name="feed_rss"),
    path("feed/atom/", feeds.SiteCommentsAtomFeed(), name="feed_atom"),
    path("posts/<slug:slug>/feed/", feeds.PostCommentsRssFeed(), name="post_feed_rss"),
    path(
        "posts/<slug:slug>/feed/atom/",
        feeds.PostCommentsAtomFeed(),
        name="post_feed_atom",
    ),
    path(
        "subscriptions/confirm/<str:signed>/",
        subscription_views.subscription_confirm_view,
        name="subscription_confirm",
    ),
    path(
        "subscriptions/unsubscribe/<str:signed>/",
        subscription_views.subscription_unsubscribe_view,
        name="subscription_unsubscribe",
    ),
]
