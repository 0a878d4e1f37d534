"""An owner's stored readings (what each UID's events of their latest import gave), unpacked on first use:
an unchanged file is known by its hash and never needs them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import importers
from importers import GroupReading


class StoredReadings(Mapping[str, GroupReading]):
    """An import's stored readings, unpacked on first use."""

    def __init__(self, load: Callable[[], bytes | None]) -> None:
        self._load = load
        self._readings: dict[str, GroupReading] | None = None

    def _unpacked(self) -> dict[str, GroupReading]:
        if self._readings is None:
            stored = self._load()
            self._readings = importers.unpack_groups(stored) if stored else {}
        return self._readings

    def __getitem__(self, key: str) -> GroupReading:
        return self._unpacked()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._unpacked())

    def __len__(self) -> int:
        return len(self._unpacked())
