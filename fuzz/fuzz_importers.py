"""Coverage-guided fuzzing of the calendar readers with atheris (libFuzzer).

Every input is read as an .ics file and as an Outlook .csv file; a reader may refuse it with a
``CalendarFileError`` naming the file and the reason, and nothing else: any other exception, or the
last-resort "damaged in a way the reader does not recognise" message, is a crash libFuzzer reports.

    python fuzz/fuzz_importers.py fuzz/corpus -runs=20000 -max_len=8192    # a bounded run
    python fuzz/fuzz_importers.py fuzz/corpus                               # until stopped

``tests/importers/test_fuzz.py`` runs a short bounded run on every test run where atheris installs.
"""

from __future__ import annotations

import sys
from datetime import date

import atheris

with atheris.instrument_imports():
    import importers
    from importers import CalendarFileError

TODAY = date(2025, 3, 1)


def one_input(data: bytes) -> None:
    for name in ("fuzz.ics", "fuzz.csv"):
        try:
            results = importers.read(data, name, today=TODAY, date_format="dmy")
        except CalendarFileError as refused:
            if importers.UNEXPECTED in str(refused):
                raise AssertionError(f"a damage no check names: {refused}") from refused
            continue
        for result in results:
            for occurrence in result.occurrences:
                assert occurrence.start is not None and occurrence.end is not None


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
