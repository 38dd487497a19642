"""Reading the seed blog page: title, post, questions, comments and replies."""

from __future__ import annotations

import re
from pathlib import Path

from porch.moderation import Submission

TOP_RE = re.compile(r"^  (\d+)\. (.*)$")
REPLY_RE = re.compile(r"^( {4,})\u2022 (.*)$")


def seed_submissions(path: Path) -> list[Submission]:
    """Every comment of the seed page as a ``Submission`` with its post and parent."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].strip()
    start = next(i for i, line in enumerate(lines) if TOP_RE.match(line))
    head = "\n".join(lines[1:start])
    body, _, rest = head.partition("Questions:")
    questions = tuple(
        q.strip() + "?" for q in rest.split("\n")[0].split("?") if q.strip()
    )
    comments: list[tuple[int, str]] = []
    for line in lines[start:]:
        top, reply = TOP_RE.match(line), REPLY_RE.match(line)
        if top:
            comments.append((0, top.group(2)))
        elif reply:
            comments.append(((len(reply.group(1)) - 2) // 2, reply.group(2)))
        elif comments and line.strip():
            depth, text = comments[-1]
            comments[-1] = (depth, f"{text}\n{line.strip()}")
    submissions: list[Submission] = []
    parents: dict[int, str] = {}
    for depth, text in comments:
        parents[depth] = text
        submissions.append(
            Submission(
                body=text,
                post_title=title,
                post_text=body.strip(),
                post_questions=questions,
                parent_body=parents.get(depth - 1, "") if depth else "",
            )
        )
    return submissions
