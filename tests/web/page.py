"""Read a rendered page as a user does: the tables under each heading, the totals, the links and messages.

Tests assert figures where the page prints them, so a number in the wrong cell, or only in a
chart's JSON, does not pass. Standard library only: the pages are simple, well-formed HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCKS = {"p", "li", "br", "div", "ul", "ol", "dt", "dd"}
# What the page says in a box of its own: a flashed message, an error, or a note set in from the text.
NOTICES = {"govuk-notification-banner__content", "govuk-error-summary__body", "govuk-inset-text"}


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Cell:
    text: str = ""
    links: list[str] = field(default_factory=list)


@dataclass
class Table:
    heading: str  # the h2 (or, before any, the h1) the table sits under
    section: str = ""  # the nearest heading of any level above it, such as a chart's h3 title
    caption: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)

    def records(self) -> list[dict[str, str]]:
        """Body rows as {column heading: cell text}, in page order."""
        return [dict(zip(self.header, (c.text for c in row), strict=True)) for row in self.rows]

    def row(self, first: str) -> list[Cell]:
        """The one body row whose first cell is ``first`` (or starts with it, for 'Name (2 below)')."""
        found = [r for r in self.rows if r[0].text == first or r[0].text.startswith(first + " ")]
        assert len(found) == 1, f"{len(found)} rows start with {first!r} under {self.heading!r}: {self.records()}"
        return found[0]

    def record(self, first: str) -> dict[str, str]:
        return dict(zip(self.header, (c.text for c in self.row(first)), strict=True))

    def column(self, name: str) -> list[str]:
        index = self.header.index(name)
        return [row[index].text for row in self.rows]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.headings: list[tuple[str, str]] = []  # (tag, text)
        self.totals: dict[str, str] = {}
        self.notices: list[str] = []
        self.links: list[tuple[str, str]] = []  # (text, href)
        self.options: dict[str, list[tuple[str, str, bool]]] = {}  # select id -> (value, label, selected)
        self._h2 = ""
        self._section = ""
        self._text: list[str] | None = None  # text being collected for a heading, cell, dt/dd or link
        self._heading: str | None = None
        self._table: Table | None = None
        self._in_head = False
        self._row: list[Cell] | None = None
        self._cell: Cell | None = None
        self._caption: list[str] | None = None
        self._totals_depth = 0
        self._dt: str | None = None
        self._def: list[str] | None = None
        self._notice: list[str] | None = None
        self._notice_depth = 0
        self._depth = 0
        self._link: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._option: tuple[str | None, bool, list[str]] | None = None
        self._label: tuple[str, list[str]] | None = None
        self.labels: dict[str, str] = {}  # label text -> id of the control it names
        self._skip = 0

    def _collectors(self) -> list[list[str]]:
        link = self._link[1] if self._link else None
        option = self._option[2] if self._option else None
        label = self._label[1] if self._label else None
        texts = (self._text, self._caption, self._def, self._notice, link, option, label)
        return [c for c in texts if c is not None]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag in BLOCKS:
            self.handle_data(" ")
        if tag in ("script", "style"):
            self._skip += 1
        if tag not in ("br", "input", "meta", "link", "img"):
            self._depth += 1
        if tag in ("h1", "h2", "h3"):
            self._heading, self._text = tag, []
        elif tag == "table":
            self._table = Table(heading=self._h2, section=self._section)
        elif tag == "thead":
            self._in_head = True
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell, self._text = Cell(), []
        elif tag == "a":
            if self._cell is not None and a.get("href"):
                self._cell.links.append(a["href"])
            self._link = (a.get("href") or "", [])
        elif tag == "dl" and "app-totals" in classes:
            self._totals_depth = self._depth
        elif tag == "dt" and self._totals_depth:
            self._def = []
        elif tag == "dd" and self._totals_depth:
            self._def = []
        elif tag == "div" and NOTICES.intersection(classes) and not self._notice_depth:
            self._notice, self._notice_depth = [], self._depth
        elif tag == "select":
            self._select = a.get("id") or a.get("name") or ""
            self.options[self._select] = []
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a, [])
        elif tag == "label" and a.get("for"):
            self._label = (a["for"], [])

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.handle_data(" ")
        if tag in ("script", "style"):
            self._skip -= 1
        if tag in ("h1", "h2", "h3") and self._heading == tag and self._text is not None:
            text = _clean("".join(self._text))
            self.headings.append((tag, text))
            self._section = text
            if tag in ("h1", "h2"):
                self._h2 = text
            self._heading, self._text = None, None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._cell.text = _clean("".join(self._text or []))
            self._row.append(self._cell)
            self._cell, self._text = None, None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if self._in_head:
                self._table.header = [c.text for c in self._row]
            else:
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "caption" and self._caption is not None and self._table is not None:
            self._table.caption = _clean("".join(self._caption))
            self._caption = None
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "a" and self._link is not None:
            self.links.append((_clean("".join(self._link[1])), self._link[0]))
            self._link = None
        elif tag == "dt" and self._def is not None:
            self._dt, self._def = _clean("".join(self._def)), None
        elif tag == "dd" and self._def is not None and self._dt is not None:
            self.totals[self._dt] = _clean("".join(self._def))
            self._dt, self._def = None, None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            label = _clean("".join(text))
            self.options[self._select].append((label if value is None else value, label, selected))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "label" and self._label is not None:
            self.labels[_clean("".join(self._label[1]))] = self._label[0]
            self._label = None
        if tag not in ("br", "input", "meta", "link", "img"):
            if self._totals_depth and self._depth == self._totals_depth and tag == "dl":
                self._totals_depth = 0
            if self._notice_depth and self._depth == self._notice_depth and tag == "div":
                self.notices.append(_clean("".join(self._notice or [])))
                self._notice, self._notice_depth = None, 0
            self._depth -= 1

    def handle_data(self, data):
        if self._skip:
            return
        for collector in self._collectors():
            collector.append(data)


class Page:
    """One response's HTML, read once."""

    def __init__(self, html: str) -> None:
        self.html = html
        reader = _Reader()
        reader.feed(html)
        reader.close()
        self.tables = reader.tables
        self.headings = reader.headings
        self.totals = reader.totals
        self.notices = reader.notices
        self.links = reader.links
        self.options = reader.options
        self.labels = reader.labels

    @classmethod
    def of(cls, response) -> Page:
        assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:300])
        return cls(response.get_data(as_text=True))

    def table(self, heading: str) -> Table:
        """The one table right under the heading ``heading`` (of any level), else under the h2 ``heading``
        or one starting ``heading:`` ('Cost by partnership: within ...')."""
        found = [t for t in self.tables if t.section == heading] or [
            t for t in self.tables if t.heading == heading or t.heading.startswith(heading + ":")
        ]
        assert len(found) == 1, f"{len(found)} tables under {heading!r}; headings: {[t.heading for t in self.tables]}"
        return found[0]

    def link(self, text: str) -> str:
        """The href of the first link whose text is ``text``."""
        for label, href in self.links:
            if label == text:
                return href
        raise AssertionError(f"no link {text!r}: {[label for label, _ in self.links]}")

    def option_value(self, select: str, label: str) -> str:
        """The value a user picks by choosing ``label`` in the select with id ``select``."""
        for value, text, _ in self.options[select]:
            if text == label:
                return value
        raise AssertionError(f"no option {label!r} in #{select}: {self.options[select]}")

    def control(self, label: str) -> str:
        """The id of the form control whose label is ``label``."""
        assert label in self.labels, f"no label {label!r}: {sorted(self.labels)}"
        return self.labels[label]

    def h1(self) -> str:
        return next(text for tag, text in self.headings if tag == "h1")

    def h2s(self) -> list[str]:
        return [text for tag, text in self.headings if tag == "h2"]
