"""A re-read of a newer export reuses what an earlier read of its unchanged events gave, and gives
exactly what a fresh read gives."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, date, datetime

import pytest

import importers.ics_fast
from benchmarks.generate_calendars import calendar_events, changed, render
from importers import pack_groups, read, unpack_groups

WINDOW = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC))
TODAY = date(2026, 1, 1)


@pytest.fixture
def counted(monkeypatch):
    """How many groups were read by hand or expanded (not reused)."""
    calls = {"single": 0, "expand": 0}
    single, expand = importers.ics_fast.read_single, importers.ics_fast.expand

    def count_single(*args, **kwargs):
        calls["single"] += 1
        return single(*args, **kwargs)

    def count_expand(*args, **kwargs):
        calls["expand"] += 1
        return expand(*args, **kwargs)

    monkeypatch.setattr(importers.ics_fast, "read_single", count_single)
    monkeypatch.setattr(importers.ics_fast, "expand", count_expand)
    return calls


def _uids(events: list[list[str]]) -> list[str]:
    return [next(line[4:] for line in event if line.startswith("UID:")) for event in events]


@pytest.mark.parametrize("window", [WINDOW, None])
def test_reuse_rereads_only_the_changed_groups(counted, window):
    old = calendar_events(400, seed=3)
    new = changed(old, 0.01, seed=4)
    changed_uids = {u for u, a, b in zip(_uids(old), old, new) if a != b}
    (first,) = read(render(old), "a.ics", window=window, today=TODAY)
    (fresh,) = read(render(new), "a.ics", window=window, today=TODAY)
    counted.update(single=0, expand=0)
    (again,) = read(render(new), "a.ics", window=window, today=TODAY, reuse=first.groups)
    assert again == fresh
    assert counted["single"] + counted["expand"] == len(changed_uids)


def test_reuse_moves_lines_with_the_group(counted):
    """An event added at the top moves every later group; their lines are the new file's."""
    old = calendar_events(60, seed=5)
    extra = calendar_events(1, seed=9)
    (first,) = read(render(old), "a.ics", window=WINDOW)
    (fresh,) = read(render(extra + old), "a.ics", window=WINDOW)
    counted.update(single=0, expand=0)
    (again,) = read(render(extra + old), "a.ics", window=WINDOW, reuse=first.groups)
    assert again == fresh and counted["single"] + counted["expand"] == 1
    assert [o.line for o in again.occurrences] == [o.line for o in fresh.occurrences]


def test_reuse_is_not_used_for_another_window():
    old = calendar_events(40, seed=6)
    (first,) = read(render(old), "a.ics", window=WINDOW)
    (other,) = read(render(old), "a.ics", window=(WINDOW[0], datetime(2025, 3, 1, tzinfo=UTC)), reuse=first.groups)
    assert not set(other.groups) & set(first.groups)


def test_packed_groups_round_trip():
    (result,) = read(render(calendar_events(60, seed=7)), "a.ics", window=WINDOW)
    packed = pack_groups(result.groups)
    assert unpack_groups(packed) == result.groups
    (again,) = read(render(calendar_events(60, seed=7)), "a.ics", window=WINDOW, reuse=unpack_groups(packed))
    assert again == result
    body = json.loads(zlib.decompress(packed))
    body["reader"] = "fast-0"
    assert unpack_groups(zlib.compress(json.dumps(body).encode())) == {}


@pytest.mark.parametrize(
    "data",
    [b"", b"not zlib", zlib.compress(b"[1, 2]"), zlib.compress(b'{"format": "importers.readings/0", "groups": {}}')],
)
def test_wrong_or_old_packed_data_is_ignored(data):
    assert unpack_groups(data) == {}
