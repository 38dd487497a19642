"""Where each imported comment goes in its thread, worked out before any is written.

The writer adds a discussion a thread level at a time (top-level comments, then their
replies...), so a reply the export lists before its parent still lands under it. The
plan holds only ids and small numbers per comment, never their text, so a post with
200,000 comments is planned in a few tens of MB; the comments themselves are read
again, level by level, from wherever the parser keeps them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from porch.comments.models import PATH_MAX_LENGTH, PATH_SEGMENT_WIDTH
from porch.importers.records import CommentRecord
from porch.importers.report import ImportReport

MAX_DEPTH = (PATH_MAX_LENGTH + 1) // (PATH_SEGMENT_WIDTH + 1)  # levels a path can hold
DEEPEST = MAX_DEPTH - 1  # the deepest level, counting top-level comments as 0
LEVEL_SPAN = 32  # more than MAX_DEPTH: a place is position * LEVEL_SPAN + level


@dataclass
class ThreadPlan:
    """Each kept comment's level and place in the source; whom it hangs under."""

    # source id -> where the copy to write (the last one) is in the source, and the
    # level it is written at, as one number: a tuple would cost more than the rest.
    places: dict[str, int] = field(default_factory=dict)
    # Replies nested past DEEPEST: the ancestor they are placed under instead.
    anchors: dict[str, str] = field(default_factory=dict)
    levels: int = 0

    def is_written_at(self, comment: CommentRecord, level: int, position: int) -> bool:
        return self.places.get(comment.id) == position * LEVEL_SPAN + level

    def placed_under(self, comment: CommentRecord, level: int) -> str:
        """The source id of the comment this one is written as a reply to ("").

        A top-level comment may name a parent: one missing from the export, or in a
        loop of replies (reported when planned).
        """
        return self.anchors.get(comment.id, comment.parent) if level else ""


def thread_plan(comments: Iterable[CommentRecord], report: ImportReport) -> ThreadPlan:
    """Read ``comments`` once and plan them; skipped ones are reported here."""
    parent_of: dict[str, str] = {}
    plan = ThreadPlan()
    for position, comment in enumerate(comments):
        if comment.skip_reason:
            report.skip("comment", comment.id, comment.skip_reason)
        elif not comment.id:
            report.skip("comment", "?", "a comment with no id")
        else:
            parent_of[comment.id] = comment.parent
            plan.places[comment.id] = position
    depth = _depths(parent_of, report)
    plan.levels = min(max(depth.values(), default=-1), DEEPEST) + 1
    for source_id, level in depth.items():
        plan.places[source_id] = plan.places[source_id] * LEVEL_SPAN + min(
            level, DEEPEST
        )
    for source_id in sorted(
        (key for key, level in depth.items() if level > DEEPEST), key=depth.__getitem__
    ):
        # Its parent is at the deepest level, or past it: placed beside the parent,
        # under the parent's own parent (or the parent's anchor), as the form does.
        parent = parent_of[source_id]
        plan.anchors[source_id] = plan.anchors.get(parent) or parent_of[parent]
        report.problem(
            f"comment {source_id}: nested deeper than {MAX_DEPTH} levels; placed at "
            "the deepest level"
        )
    return plan


def _depths(parent_of: dict[str, str], report: ImportReport) -> dict[str, int]:
    """Each comment's nesting level; a reply to a missing comment starts a thread."""
    depth: dict[str, int] = {}
    for source_id in parent_of:
        chain, in_chain = [source_id], {source_id}
        while (parent := parent_of[chain[-1]]) in parent_of and parent not in in_chain:
            if parent in depth:
                break
            chain.append(parent)
            in_chain.add(parent)
        else:
            parent = parent_of[chain[-1]]
            if parent and parent not in depth:
                report.problem(
                    f"comment {chain[-1]}: replied to comment {parent}, which is not "
                    "in the export or loops back; shown as a new thread"
                )
        base = depth[parent] + 1 if parent in depth else 0
        for offset, key in enumerate(reversed(chain)):
            depth.setdefault(key, base + offset)
    return depth
