"""Comment feeds, RSS and Atom: site-wide and per post, approved comments only.

Items carry the commenter's name and the sanitized comment; never an email, so
``item_author_email`` is left unset on purpose.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import SyndicationFeed

from porch.blog.models import Post
from porch.blog.selectors import post_for_reader
from porch.comments.models import Comment
from porch.comments.selectors import comments_for_feed
from porch.core.feeds import XmlSafeAtomFeed, XmlSafeRssFeed
from porch.core.models import SiteSettings


class _CommentFeed(Feed[Comment, Post | None]):
    feed_type: type[SyndicationFeed] = XmlSafeRssFeed

    def item_title(self, item: Comment) -> str:
        return f"{item.author_name} on “{item.post.title}”"

    def item_description(self, item: Comment) -> str:
        return item.body_html

    def item_link(self, item: Comment) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Comment) -> str:
        return f"comment-{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item: Comment) -> str:
        return item.author_name

    def item_pubdate(self, item: Comment) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Comment) -> datetime:
        return item.updated_at


class SiteCommentsRssFeed(_CommentFeed):
    """The newest approved comments on every post."""

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        return None

    def title(self) -> str:
        return f"Comments on {SiteSettings.current().site_name}"

    def link(self) -> str:
        return "/"

    def description(self) -> str:
        return "The newest comments in every discussion."

    def items(self) -> list[Comment]:
        return comments_for_feed()


class SiteCommentsAtomFeed(SiteCommentsRssFeed):
    feed_type = XmlSafeAtomFeed
    subtitle = "The newest comments in every discussion."


class PostCommentsRssFeed(_CommentFeed):
    """The newest approved comments on one post."""

    def get_object(self, request: HttpRequest, slug: str) -> Post:
        return post_for_reader(slug=slug, user=request.user)

    def title(self, obj: Post) -> str:
        return f"Comments on “{obj.title}”"

    def link(self, obj: Post) -> str:
        return f"{obj.get_absolute_url()}#comments"

    def description(self, obj: Post) -> str:
        return f"The discussion of “{obj.title}”."

    def items(self, obj: Post) -> list[Comment]:
        return comments_for_feed(post=obj)


class PostCommentsAtomFeed(PostCommentsRssFeed):
    feed_type = XmlSafeAtomFeed

    def subtitle(self, obj: Post) -> str:
        return f"The discussion of “{obj.title}”."
