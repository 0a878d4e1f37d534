"""The partnership tree as plain ids: one walk that every view of the tree (rules, roll-ups, registers) shares."""

from __future__ import annotations

from collections.abc import Sequence


def walk(nodes: Sequence[tuple[int, int | None]]) -> list[tuple[int, int]]:
    """(depth, id) in tree order: each node followed by the nodes under it, siblings in the order given.

    A node whose parent is not among ``nodes`` is a root; nodes caught in a loop (which the
    registers refuse) are left out rather than walked for ever.
    """
    ids = {node for node, _ in nodes}
    children: dict[int | None, list[int]] = {}
    for node, parent in nodes:
        children.setdefault(parent if parent in ids else None, []).append(node)
    ordered: list[tuple[int, int]] = []
    stack = [(0, node) for node in reversed(children.get(None, []))]
    while stack:
        depth, node = stack.pop()
        ordered.append((depth, node))
        stack.extend((depth + 1, child) for child in reversed(children.get(node, [])))
    return ordered
