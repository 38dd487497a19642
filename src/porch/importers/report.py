"""What an import did, item by item: the counts and every problem with its reason.

Reports are printed and may be pasted into a bug report, so no line ever carries a
commenter's email or IP address.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

OUTCOMES = ("imported", "updated", "unchanged", "skipped")
PLURALS = {
    "person": "people", "category": "categories", "tag": "tags", "series": "series",
    "attachment": "attachments", "post": "posts", "page": "pages",
    "comment": "comments", "subscription": "subscriptions", "redirect": "redirects",
    "item": "other items",
}  # fmt: skip
KINDS = tuple(PLURALS)
EXAMPLES_SHOWN = 10


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    skipped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    problems: list[str] = field(default_factory=list)
    interrupted: str = ""

    def count(self, kind: str, outcome: str, number: int = 1) -> None:
        self.counts[kind][outcome] += number

    def skip(self, kind: str, item_id: str, reason: str) -> None:
        """An item left out on purpose; grouped by reason in the summary."""
        self.count(kind, "skipped")
        self.skipped[f"{kind}: {reason}"].append(item_id)

    def problem(self, text: str) -> None:
        """Something imported with a loss or a change the host should know about."""
        self.problems.append(text)

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    def summary(self) -> str:
        """Counts per kind, how many are written, and where the work stands."""
        parts = []
        for kind in KINDS:
            counter = self.counts.get(kind)
            if counter:
                done = ", ".join(f"{counter[o]} {o}" for o in OUTCOMES if counter[o])
                parts.append(f"{PLURALS[kind]}: {done}")
        return "; ".join(parts) or "nothing found"

    def lines(self) -> list[str]:
        """The report as printed at the end of ``porch import``."""
        title = "Dry run (nothing was written)" if self.dry_run else "Import finished"
        if self.interrupted:
            title = f"Import stopped: {self.interrupted}"
        lines = [title, ""]
        for kind in KINDS:
            counter = self.counts.get(kind)
            if counter:
                cells = "  ".join(f"{o} {counter[o]:>6}" for o in OUTCOMES)
                lines.append(f"  {PLURALS[kind]:<12} {cells}")
        if self.skipped:
            lines += ["", "Skipped:"]
            for reason, ids in sorted(self.skipped.items()):
                shown = ", ".join(ids[:EXAMPLES_SHOWN])
                extra = len(ids) - EXAMPLES_SHOWN
                more = f" and {extra} more" if extra > 0 else ""
                lines.append(f"  {len(ids)} {reason} (ids {shown}{more})")
        if self.problems:
            lines += ["", f"Problems ({len(self.problems)}):"]
            lines += [f"  {problem}" for problem in self.problems]
        return lines
