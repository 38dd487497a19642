"""Fixtures for the moderator's desk tests (helpers in ``desk_helpers``)."""

from __future__ import annotations

import pytest

from porch.people import roles
from tests.desk.desk_helpers import member
from tests.factories import PersonFactory, PostFactory


@pytest.fixture
def host_client(client):
    client.force_login(member(roles.HOST, "hostess"))
    return client


@pytest.fixture
def guest():
    """A guest contributor who wrote one post; returns (user, own post)."""
    user = member(roles.GUEST_CONTRIBUTOR, "guest")
    post = PostFactory(author=PersonFactory(user=user), title="The guest's own post")
    return user, post
