"""Errors the readers raise: each names the file, and where it can the line and event."""

from __future__ import annotations


class CalendarFileError(ValueError):
    """A file that cannot be imported at all; nothing from it may be stored."""

    def __init__(
        self,
        filename: str,
        reason: str,
        *,
        line: int | None = None,
        event: str | None = None,
    ) -> None:
        self.filename = filename
        self.reason = reason
        self.line = line
        self.event = event
        super().__init__(self.message)

    def __reduce__(self) -> tuple:
        """Rebuilt whole when a worker process hands it back (``archive_workers``): the default pickling
        passes only the message, which the keyword arguments cannot be rebuilt from."""
        return _rebuilt, (type(self), self.filename, self.reason, self.line, self.event)

    @property
    def message(self) -> str:
        where = [self.filename]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.event:
            where.append(f"event {self.event}")
        return f"{', '.join(where)}: {self.reason}"


class AmbiguousDateFormat(CalendarFileError):
    """An Outlook CSV whose dates read equally well day-first and month-first."""


def _rebuilt(
    kind: type[CalendarFileError], filename: str, reason: str, line: int | None, event: str | None
) -> CalendarFileError:
    return kind(filename, reason, line=line, event=event)
