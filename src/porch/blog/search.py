"""Full-text search over visible posts.

Interim: a plain substring match. The full-text version (SQLite FTS5, PostgreSQL
tsvector) replaces ``posts_matching`` with the same signature.
"""

from __future__ import annotations

from django.db.models import Q

from porch.blog.models import Post, PostQuerySet


def posts_matching(*, query: str) -> PostQuerySet:
    """Visible posts matching ``query``, best match first."""
    words = query.split()
    found = Post.objects.visible()
    for word in words:
        found = found.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return found
