"""The one email pattern (``importers.addresses.EMAIL``) that calendars, registers and users share."""

from __future__ import annotations

import pytest

from importers.addresses import EMAIL


@pytest.mark.parametrize(
    "address",
    ["alice@council.gov.uk", "a.b+minutes@nhs.net", "o'neil@example.org", "ALICE@COUNCIL.GOV.UK", "x@y.z"],
)
def test_addresses_accepts_a_plain_address(address):
    assert EMAIL.match(address)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "alice",
        "alice@",
        "@council.gov.uk",
        "alice@localhost",  # no dot in the domain
        "alice@council.",
        "a@b@council.gov.uk",
        "alice smith@council.gov.uk",
        "alice@council.gov.uk; bob@council.gov.uk",  # Outlook's list separator
        "alice@council.gov.uk,bob@council.gov.uk",  # a CSV cell spilling into the next
        "alice@council.gov.uk\n",  # $ would let a trailing newline through
        " alice@council.gov.uk",
    ],
)
def test_addresses_refuses_what_is_not_one_address(text):
    assert not EMAIL.match(text)
