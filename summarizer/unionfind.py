"""Disjoint sets (union-find with path halving), the one copy every grouping step uses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Groups of items; when two groups join, the root that sorts first by `order` survives
    (by default the smaller item), so the result does not depend on the order of the unions."""

    def __init__(self, items: Iterable[T], *, order: Callable[[T], Any] | None = None) -> None:
        self.parent: dict[T, T] = {x: x for x in items}
        self._order = order

    def find(self, x: T) -> T:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: T, b: T) -> T:
        """Join the groups of `a` and `b`; returns the surviving root."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        key: Callable[[T], Any] = self._order or (lambda x: x)
        keep, drop = (ra, rb) if key(ra) <= key(rb) else (rb, ra)
        self.parent[drop] = keep
        return keep

    def groups(self) -> dict[T, list[T]]:
        """Root -> members, members in the order the items were given."""
        out: dict[T, list[T]] = defaultdict(list)
        for x in self.parent:
            out[self.find(x)].append(x)
        return dict(out)
