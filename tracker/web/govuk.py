"""GOV.UK Frontend in the app: its Jinja macros, and its WTForms widgets for every form field.

Templates import the design system's components as ``govuk_frontend_jinja/components/...``;
form fields render through ``govuk_frontend_wtf`` widgets, chosen here from each field's own
WTForms widget so a form class needs nothing GOV.UK-specific. The macros match GOV.UK Frontend
6.3.0, the version vendored in ``static/govuk`` (``frontend/build.sh`` rebuilds it).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask_wtf import FlaskForm
from govuk_frontend_wtf.main import WTFormsHelpers
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from markupsafe import Markup, escape
from wtforms import widgets

from .date_input import GovDateParts

GOVUK_FRONTEND_VERSION = "6.3.0"

_TEXT, _PASSWORD, _TEXTAREA, _SELECT = GovTextInput(), GovPasswordInput(), GovTextArea(), GovSelect()
_CHECKBOX, _RADIOS = GovCheckboxInput(), GovRadioInput()


# Several choices are GOV.UK checkboxes, never a multiple select (which needs Ctrl or Cmd, and shows one
# option at a time on a phone). A long list (sixty people) is held in a box of its own height with a filter
# above it (static/app.js), so the page stays short and a name is found by typing part of it.
_MULTIPLE = GovCheckboxesInput()
LONG_LIST = 8  # choices above which a list of checkboxes gets its filter
_FILE, _FILES = GovFileInput(), GovFileInput(multiple=True)


def _widget_for(field: Any) -> Any | None:
    """The GOV.UK widget standing for a field's WTForms one; None for hidden inputs (CSRF and the like)."""
    own = field.widget
    if isinstance(own, GovDateParts):  # a GOV.UK widget already: the day, month and year boxes
        return own
    if isinstance(own, widgets.HiddenInput):
        return None
    if isinstance(own, widgets.PasswordInput):
        return _PASSWORD
    if isinstance(own, widgets.FileInput):
        return _FILES if own.multiple else _FILE
    if isinstance(own, widgets.CheckboxInput):
        return _CHECKBOX
    if isinstance(own, widgets.Select):
        return _MULTIPLE if own.multiple else _SELECT
    if isinstance(own, widgets.ListWidget):
        return _RADIOS
    if isinstance(own, widgets.TextArea):
        return _TEXTAREA
    if isinstance(own, widgets.Input):
        return _TEXT
    return None


_BETWEEN_TAGS = re.compile(r">\s+<")
_IN_LABEL = re.compile(r"(<label\b[^>]*>)\s*(.*?)\s*(</label>)", re.DOTALL)


def _tight(rendered: Markup) -> Markup:
    """A long list of checkboxes without the design system's indentation: a locality's thousand people were
    375 kB of a page, 30 % of it spaces. Only white space between tags and around a label's text goes; the
    items hold nothing else (no inline elements whose spacing would join words)."""
    return Markup(_IN_LABEL.sub(r"\1\2\3", _BETWEEN_TAGS.sub("><", str(rendered))))


class _LongCheckboxes(GovCheckboxesInput):
    """GOV.UK checkboxes whose items are written here, not by the design system's macro: the macro wrote a
    locality's thousand people in 400 ms (most of a page's time). The fieldset, legend, hint and error are
    still the macro's, and each item is the markup the macro writes for it, without its indentation
    (``tests/web/test_scenarios.py`` compares the two). No item has a hint, a reveal or a description of
    its own in a long list, so those parts of the macro are not needed."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        kwargs["items"] = []
        params = self.map_gov_params(field, **kwargs)
        prefix, name = params.get("idPrefix") or params["name"], params["name"]
        items = "".join(
            _item(
                prefix if n == 1 else f"{prefix}-{n}",
                name,
                str(choice.value),
                choice.label or choice.value,
                choice.selected,
            )
            for n, choice in enumerate(field.iter_choices(), start=1)
        )
        params.setdefault("formGroup", {})["afterInputs"] = {"html": Markup(items)}
        return self.render(params)


def _item(item_id: str, name: str, value: str, label: str, checked: bool) -> str:
    """One checkbox as GOV.UK Frontend's macro writes it (an item with a fieldset: no aria-describedby)."""
    tick = " checked" if checked else ""
    return (
        f'<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="{escape(item_id)}" '
        f'name="{escape(name)}" type="checkbox" value="{escape(value)}"{tick}><label class="govuk-label '
        f'govuk-checkboxes__label" for="{escape(item_id)}">{escape(label)}</label></div>'
    )


_LONG = _LongCheckboxes()


class GovForm(FlaskForm):
    """A Flask-WTF form whose fields render as GOV.UK Frontend components (label, hint, error, input)."""

    class Meta(FlaskForm.Meta):
        def render_field(self, field: Any, render_kw: dict[str, Any]) -> Markup:
            widget = _widget_for(field)
            if widget is None:
                return super().render_field(field, render_kw)
            kw = {**(getattr(field, "render_kw", None) or {}), **render_kw}
            params = dict(kw.pop("params", None) or {})
            # What the GOV.UK macros take as parameters goes to them, or it would be written twice.
            for name in ("rows", "autocomplete", "spellcheck"):
                if name in kw:
                    params.setdefault(name, kw.pop(name))
            if (longest := getattr(field.flags, "maxlength", None)) is not None:
                kw.setdefault("maxlength", longest)  # Length(max=...), as WTForms' own widgets write it
            if not field.description:
                params.setdefault("hint", None)  # no empty hint for a checkbox or radios to point at
            if widget is _TEXT:
                kw.setdefault("type", field.widget.input_type)
            long = widget is _MULTIPLE and len(field.choices or ()) > LONG_LIST
            if widget is _MULTIPLE:
                legend = {"text": field.label.text, "classes": "govuk-fieldset__legend--s"}
                params.setdefault("fieldset", {"legend": legend})
                if long:
                    params.setdefault("classes", "govuk-checkboxes--small app-checkboxes--long")
                    params.setdefault("attributes", {"data-filter": field.label.text})
                    widget = _LONG
            rendered = widget(field, params=params, **kw)
            return _tight(rendered) if long else rendered


def init_app(app: Flask) -> None:
    """Let templates load the design system's macros beside the app's own templates."""
    assert app.jinja_loader is not None
    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    WTFormsHelpers(app)
