"""Architecture rules import-linter's contracts do not express, run by `make lint`.

- No import cycle between modules of the `porch` package, deferred (function-level)
  imports included: grimp, the graph import-linter is built on, reads every import
  statement in a module, wherever it stands.
- No module of `src/porch` over MAX_LINES lines: past that a module becomes a package
  split by sub-domain (house style).

Exits 1 listing every cycle and every long module, 0 when there is none.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp

ROOT_PACKAGE = "porch"
SOURCE_DIR = Path(__file__).resolve().parent.parent / "src" / ROOT_PACKAGE
MAX_LINES = 400


def import_graph(package: str) -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports."""
    graph = grimp.build_graph(package, cache_dir=None)
    return {
        module: set(graph.find_modules_directly_imported_by(module))
        for module in graph.modules
    }


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (a deep import chain must not hit the recursion
    limit): every set of two or more modules that reach each other, plus any module
    that imports itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(sorted(component))
    return found


def long_modules(source_dir: Path, max_lines: int) -> list[tuple[str, int]]:
    """Python files under source_dir with more than max_lines lines."""
    too_long = []
    for path in sorted(source_dir.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > max_lines:
            too_long.append((str(path.relative_to(source_dir.parent)), lines))
    return too_long


def main() -> int:
    problems = 0
    graph = import_graph(ROOT_PACKAGE)
    for cycle in strongly_connected(graph):
        problems += 1
        print(f"import cycle between {len(cycle)} modules: {', '.join(cycle)}")
        for module in cycle:
            inside = sorted(set(graph[module]) & set(cycle))
            print(f"    {module} imports {', '.join(inside)}")
    for path, lines in long_modules(SOURCE_DIR, MAX_LINES):
        problems += 1
        print(f"{path} has {lines} lines (at most {MAX_LINES}): split it by sub-domain")
    if problems:
        return 1
    print(f"Architecture: {len(graph)} modules, no cycle, none over {MAX_LINES} lines.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
