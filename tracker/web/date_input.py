"""GOV.UK's date input in the app's forms: a field whose day, month and year boxes give the services the ISO
day they read ("2026-12-02"), and the period filters' ``from`` and ``to`` typed the same way.

A form's date boxes share one name (as ``govuk_frontend_wtf``'s widget writes them), so the browser posts
three values; a script, an older link or a test may post one ISO day, which is passed on as it is for the
services to check as they check a register's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Flask, redirect, request, url_for
from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import StringField
from wtforms.validators import StopValidation

from ..domain.date_parts import PARTS, NotADate, from_parts

ENDS = ("from", "to")  # a period filter's two days


def _boxes(value: str) -> tuple[str, str, str]:
    """Day, month and year to show in the boxes for an ISO day ("2026-12-02" shows 2, 12, 2026)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return ("", "", "")
    return (str(day.day), str(day.month), str(day.year))


class GovDateParts(GovDateInput):
    """The three boxes, filled from what was typed (kept as typed when it was wrong) or from the ISO day."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params = GovFormBase.map_gov_params(self, field, **kwargs)
        raw = field.raw_data or []
        values = tuple(raw) if len(raw) == 3 else _boxes(field.data or "")
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        params["items"] = [
            {
                "label": part.title(),
                "id": f"{field.name}-{part}",
                "name": field.name,
                "value": value,
                "classes": f"govuk-input--width-{4 if part == 'year' else 2}"
                + (" govuk-input--error" if field.errors else ""),
            }
            for part, value in zip(PARTS, values, strict=True)
        ]
        return params


class DateParts(StringField):
    """A date as GOV.UK's three boxes; ``data`` is the ISO day, or "" when none was given."""

    widget = GovDateParts()

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.not_a_date: str | None = None
        if len(valuelist) != 3:
            super().process_formdata(valuelist)
            return
        try:
            given = from_parts(*(str(value) for value in valuelist))
        except NotADate as reason:
            self.not_a_date = str(reason)
            self.data = ""
            return
        self.data = given.isoformat() if given else ""

    def pre_validate(self, form: Any) -> None:
        reason = getattr(self, "not_a_date", None)
        if reason:
            raise StopValidation(reason)


def typed_day(args: Mapping[str, str], key: str) -> date | None:
    """The day a period filter's ``key`` asks for: a date from its three boxes (``from-day`` and so on),
    else from the ISO text of ``key`` itself (links carry that), else None. Raises ``NotADate`` for boxes
    that make no date, ``ValueError`` (with the message to show) for text that is not an ISO day."""
    boxes = [args.get(f"{key}-{part}", "") for part in PARTS]
    if any(box.strip() for box in boxes):
        return from_parts(*boxes)
    text = args.get(key, "").strip()
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ValueError(f"'{text}' is not a date: write it as YYYY-MM-DD") from None


def _canonical_period() -> WerkzeugResponse | None:
    """A page asked for through the period filter's boxes (``from-day=2&from-month=12&...``) is sent on to
    the same page with ``from=2026-12-02``: the address every link and bookmark uses, which the page's own
    links carry on. Boxes that make no date stay as they are, for the page to say what is wrong."""
    if request.method != "GET" or not any(f"{key}-{part}" in request.args for key in ENDS for part in PARTS):
        return None
    days = []
    for key in ENDS:
        try:
            given = typed_day(request.args, key)
        except ValueError:  # boxes that make no date, or a link's text that is none: the page says why
            return None
        if given is not None:
            days.append((key, given.isoformat()))
    boxes = {f"{key}-{part}" for key in ENDS for part in PARTS}
    rest = [(k, v) for k, v in request.args.items(multi=True) if k not in boxes and k not in ENDS]
    page = url_for(request.endpoint or "pages.index", **(request.view_args or {}))
    return redirect(f"{page}?{urlencode(days + rest)}")


def init_app(app: Flask) -> None:
    app.before_request(_canonical_period)
