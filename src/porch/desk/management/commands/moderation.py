"""``porch moderation try`` and ``porch moderation purge``.

``try --post SLUG [FILE]`` reads comments as JSON lines (``{"author", "email",
"website", "body", "parent"}``; ``parent`` optional, the id of a comment on that post)
from FILE or standard input and prints one JSON line per comment, in input order:
``{"decision", "reasons": [{"code", "message", "evidence"}], "scores": {"offensive",
"spam", "off_topic"}}``. It runs the whole pipeline with the site's current settings,
block rules and models, writes nothing, and skips rate limits and form traps.

Before judging, one line on standard error says whether the site's own model
(learned from the moderators' decisions) takes part: ``site model: applied (N
decisions, refitted YYYY-MM-DD HH:MM UTC; offensive, spam)`` naming the labels it
judges, ``site model: not applied (N decisions, refitted ...) — shipped models
only``, or ``site model: none yet — shipped models only``.

A line that is not a JSON object with a ``body`` is answered in its place with
``{"line": N, "error": "..."}`` so the others still line up with their input; blank
lines are skipped. After the last line the command fails (exit status 1) naming the
bad lines, so a script cannot mistake a partial run for a clean one.

``purge [--dry-run]`` deletes spam older than the host's retention period.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from porch.blog.models import Post
from porch.comments.models import Comment
from porch.comments.verdicts import comment_submission, moderation_context_for
from porch.desk.services.spam import spam_purge
from porch.moderation import AdapterSummary, adapter_summary
from porch.moderation.pipeline import moderate, reasons_as_json
from porch.moderation.types import LABELS


class LineError(ValueError):
    """One input line that cannot be judged; the message says why."""


class Command(BaseCommand):
    help = "Try the moderation policy on comments (try), or empty old spam (purge)."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        trial = commands.add_parser(
            "try", help="Judge JSON-line comments without saving anything."
        )
        trial.add_argument("--post", required=True, help="The post's slug.")
        trial.add_argument(
            "file", nargs="?", help="JSON lines to read; standard input if absent."
        )
        purge = commands.add_parser("purge", help="Delete spam past its retention.")
        purge.add_argument(
            "--dry-run", action="store_true", help="Count, then roll back."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen subcommand (see the module docstring)."""
        if options["subcommand"] == "purge":
            self._purge(dry_run=options["dry_run"])
            return
        post = Post.objects.filter(slug=options["post"]).first()
        if post is None:
            raise CommandError(f"No post with the slug {options['post']!r}.")
        if options["file"]:
            try:
                with open(options["file"], encoding="utf-8") as source:
                    bad = self._try_lines(post, source)
            except OSError as error:
                raise CommandError(f"Cannot read {options['file']}: {error}") from None
        else:
            bad = self._try_lines(post, options.get("stdin") or sys.stdin)
        if bad:
            numbers = ", ".join(str(n) for n in bad)
            raise CommandError(f"Could not judge line(s) {numbers}; see their output.")

    def _purge(self, *, dry_run: bool) -> None:
        with transaction.atomic():
            count = spam_purge()
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} spam comment(s).")

    def _try_lines(self, post: Post, source: IO[str]) -> list[int]:
        bad: list[int] = []
        # Rolled back whatever happens: the settings row is created on first read.
        with transaction.atomic():
            self.stderr.write(site_model_line(adapter_summary()))
            for number, line in _numbered(source):
                try:
                    result = _judge(post, _parse(line, number))
                except LineError as error:
                    bad.append(number)
                    result = {"line": number, "error": str(error)}
                    self.stderr.write(str(error))
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            transaction.set_rollback(True)
        return bad


def site_model_line(summary: AdapterSummary) -> str:
    """Whether the site's own model takes part in the scores, in one line."""
    if summary.fitted_at is None:
        return "site model: none yet — shipped models only"
    fitted = (
        f"{summary.fitted_on} decision{'s' if summary.fitted_on != 1 else ''}, "
        f"refitted {summary.fitted_at:%Y-%m-%d %H:%M} UTC"
    )
    judged = [one.label for one in summary.labels if one.applied]
    if not judged:
        return f"site model: not applied ({fitted}) — shipped models only"
    return f"site model: applied ({fitted}; {', '.join(judged)})"


def _numbered(source: Iterable[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(source, start=1):
        if line.strip():
            yield number, line


def _parse(line: str, number: int) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError(f"line {number}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise LineError(f"line {number}: expected a JSON object")
    if not isinstance(data.get("body"), str) or not data["body"].strip():
        raise LineError(f'line {number}: "body" must be a non-empty string')
    for key in ("author", "email", "website"):
        if not isinstance(data.get(key) or "", str):
            raise LineError(f'line {number}: "{key}" must be a string')
    parent = data.get("parent")
    if parent is not None and (isinstance(parent, bool) or not isinstance(parent, int)):
        raise LineError(f'line {number}: "parent" must be a comment id')
    data["line"] = number
    return data


def _judge(post: Post, data: dict[str, Any]) -> dict[str, Any]:
    parent = None
    if data.get("parent") is not None:
        parent = Comment.objects.filter(pk=data["parent"], post=post).first()
        if parent is None:
            raise LineError(
                f"line {data['line']}: no comment {data['parent']} on this post"
            )
    comment = Comment(
        post=post,
        parent=parent,
        body=data["body"].strip(),
        author_name=(data.get("author") or "").strip(),
        author_email=(data.get("email") or "").strip(),
        author_url=(data.get("website") or "").strip(),
    )
    context = moderation_context_for(post=post, email=comment.author_email)
    verdict = moderate(comment_submission(comment, ip=""), context)
    return {
        "decision": verdict.decision,
        "reasons": reasons_as_json(verdict.reasons),
        "scores": {label: verdict.scores.get(label, 0.0) for label in LABELS},
    }
