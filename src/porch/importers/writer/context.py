"""What one import run knows so far: its source, its report, which old id maps where."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType

from porch.comments.models import Comment
from porch.importers.records import PersonRecord
from porch.importers.report import ImportReport
from porch.people.models import Person


@dataclass
class WriteContext:
    """Shared by the writer's steps for one run; ``source`` keys every import record."""

    report: ImportReport
    source: str = ""
    people: dict[str, Person] = field(default_factory=dict)  # by login, lower case
    people_by_id: dict[str, Person] = field(default_factory=dict)  # by source id
    users_by_email: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)  # by the source's slug
    tags: dict[str, int] = field(default_factory=dict)
    # How the old site's pages named a comment's anchor, before its id.
    anchor_prefix: str = "comment-"

    def comment_user_id(self, person_id: str, email: str) -> int | None:
        """The login of the site's own person who wrote a comment, if they have one."""
        person = self.people_by_id.get(person_id)
        if person is not None and person.user_id and person_id not in {"", "0"}:
            return int(person.user_id)
        return self.users_by_email.get(email.lower()) if email else None

    @cached_property
    def comment_type(self) -> ContentType:
        return ContentType.objects.get_for_model(Comment)

    def person_remember(self, author: PersonRecord, person: Person) -> None:
        self.people[(author.login or author.display_name).lower()] = person
        if author.id:
            self.people_by_id[author.id] = person
        if person.user_id and person.email:
            self.users_by_email[person.email.lower()] = person.user_id
