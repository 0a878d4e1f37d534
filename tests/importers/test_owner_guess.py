"""Whose calendar an Outlook .ics export is, when neither the file nor its name says: the address on most of
its events (organiser or attendee), counted once an event, suggested to the uploader and never taken as
certain."""

from __future__ import annotations

import io
from pathlib import Path

import importers
from importers import owner_among_people

E2E = Path(__file__).resolve().parents[1] / "data" / "e2e"
# Alice's Outlook export with her alias on the CSP board made her own address: she is on all three events
# that list anyone (she organises the HWB and the extraordinary CSP, attends the board); Bob on two.
ALICE = (E2E / "alice-outlook.ics").read_bytes().replace(b"a.adams@council.gov.uk", b"alice@council.gov.uk")


def occurrences(data: bytes):
    (result,) = importers.read_each(data, "export.ics")
    return result.occurrences


def test_the_address_on_most_events_is_suggested():
    assert owner_among_people(occurrences(ALICE)) == "alice@council.gov.uk"


def test_a_tie_suggests_no_one():
    # As exported, Alice appears under two addresses: alice@ on two events, and Bob on two. No guess.
    assert owner_among_people(occurrences((E2E / "alice-outlook.ics").read_bytes())) is None
    assert owner_among_people([]) is None


def test_the_upload_page_suggests_the_owner_of_an_outlook_export(as_role):
    manager = as_role("manager")
    started = manager.post(
        "/upload", data={"files": [(io.BytesIO(ALICE), "export.ics")]}, content_type="multipart/form-data"
    )
    page = manager.get(started.headers["Location"]).get_data(as_text=True)
    assert "Suggested from the file: alice@council.gov.uk" in page
