"""Rows too many to hold in memory, kept in a temporary file and read back in order.

A WordPress export holds a post's comments inside the post's ``<item>``: a post with
200,000 comments would otherwise sit whole in memory while it is written. The parser
appends each comment here as it reads it, and the writer reads them back, as often as
it needs (once per thread level), a batch of lines at a time.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")
LINES_PER_READ = 1000


class Spill(Generic[T]):
    """An append-only list of ``T`` on disk, emptied with ``clear``.

    ``to_row`` turns an item into JSON-able values and ``from_row`` back; the file
    is deleted when the spill is closed (or its process ends).
    """

    def __init__(
        self, *, to_row: Callable[[T], Any], from_row: Callable[[Any], T]
    ) -> None:
        self.to_row, self.from_row = to_row, from_row
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.count = 0
        self.generation = 0  # bumped by clear: an older view must not read new rows

    def add(self, item: T) -> None:
        self.file.write(json.dumps(self.to_row(item)).encode() + b"\n")
        self.count += 1

    def clear(self) -> None:
        self.file.seek(0)
        self.file.truncate()
        self.count = 0
        self.generation += 1

    def view(self) -> SpillView[T]:
        """What the spill holds now, readable as often as needed until ``clear``."""
        return SpillView(self, self.generation, self.count)

    def close(self) -> None:
        self.file.close()


class SpillView(Iterable[T]):
    def __init__(self, spill: Spill[T], generation: int, count: int) -> None:
        self.spill, self.generation, self.count = spill, generation, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[T]:
        if not self.count:
            return
        spill, position = self.spill, 0
        spill.file.flush()
        while True:
            if spill.generation != self.generation:
                raise RuntimeError("the spill was cleared while it was being read")
            spill.file.seek(position)
            lines = spill.file.readlines(64 * LINES_PER_READ)
            if not lines:
                break
            position = spill.file.tell()
            spill.file.seek(0, 2)  # appends go on at the end
            for line in lines:
                yield spill.from_row(json.loads(line))
