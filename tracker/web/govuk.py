"""GOV.UK Frontend in the app: its Jinja macros, and its WTForms widgets for every form field.

Templates import the design system's components as ``govuk_frontend_jinja/components/...``;
form fields render through ``govuk_frontend_wtf`` widgets, chosen here from each field's own
WTForms widget so a form class needs nothing GOV.UK-specific. The macros match GOV.UK Frontend
6.3.0, the version vendored in ``static/govuk`` (``frontend/build.sh`` rebuilds it).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf import FlaskForm
from govuk_frontend_wtf.main import WTFormsHelpers
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from markupsafe import Markup
from wtforms import widgets

GOVUK_FRONTEND_VERSION = "6.3.0"

_TEXT, _PASSWORD, _TEXTAREA, _SELECT = GovTextInput(), GovPasswordInput(), GovTextArea(), GovSelect()
_CHECKBOX, _RADIOS = GovCheckboxInput(), GovRadioInput()


class GovMultipleSelect(GovSelect):
    """A GOV.UK select that takes several choices (Ctrl-click): a list of sixty people or partnerships
    would be a very long page of checkboxes, which the design system would otherwise suggest."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.setdefault("multiple", True)
        kwargs.setdefault("size", min(10, max(4, len(field.choices or ()))))
        return super().__call__(field, **kwargs)


_MULTIPLE = GovMultipleSelect()
_FILE, _FILES = GovFileInput(), GovFileInput(multiple=True)


def _widget_for(field: Any) -> Any | None:
    """The GOV.UK widget standing for a field's WTForms one; None for hidden inputs (CSRF and the like)."""
    own = field.widget
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
            return widget(field, params=params, **kw)


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
