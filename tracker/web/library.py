"""The practice library: terms of reference, review notes and good practice, found by search or tag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectField, StringField, TextAreaField

from ..db import get_session, transaction
from ..domain.entries import InvalidEntry
from ..domain.library import KINDS, library_entry, search_words, shown_tags
from ..reports import library, registers
from ..services import library as library_changes
from .auth import require
from .forms import SelectChoice, show_error
from .govuk import GovForm

if TYPE_CHECKING:
    from ..models import LibraryEntry

bp = Blueprint("library", __name__, url_prefix="/library")


class EntryForm(GovForm):
    title = StringField("Title")
    kind = SelectField("Kind", choices=[SelectChoice(k, label) for k, label in KINDS.items()], validate_choice=False)
    partnership = SelectField("Partnership", validate_choice=False)
    tags = StringField("Tags, separated by ;")
    body = TextAreaField("Text (Markdown)", render_kw={"rows": 16})


def _form(item: LibraryEntry | None = None) -> EntryForm:
    data = (
        {}
        if item is None
        else {
            "title": item.title,
            "kind": item.kind,
            "partnership": str(item.partnership_id or ""),
            "tags": "; ".join(shown_tags(item.tags)),
            "body": item.body,
        }
    )
    form = EntryForm(data=data)
    form.partnership.choices = [SelectChoice("", "Shared: not one partnership's")] + [
        SelectChoice(str(p.id), p.name) for p in registers.partnerships(get_session())
    ]
    return form


def _may_change(item: LibraryEntry) -> None:
    if item.created_by != current_user.email and not current_user.can("edit_any_library_entry"):
        abort(403)


def _saved(form: EntryForm, item: LibraryEntry | None) -> int | None:
    if not form.validate_on_submit():
        return None
    try:
        entry = library_entry({name: field.data or "" for name, field in form._fields.items()})
        with transaction() as session:
            return library_changes.save_entry(session, entry, current_user.email, item.id if item else None)
    except InvalidEntry as exc:
        show_error(form, exc)
        return None


@bp.route("")
@require("read_library")
def index():
    query, tag = request.args.get("q", "").strip(), request.args.get("tag", "").strip()
    session = get_session()
    return render_template(
        "library/index.html",
        query=query,
        tag=tag,
        found=library.entries(session, query, tag),
        too_common=bool(query) and not search_words(query),
        tags=library.tags(session),
        kinds=KINDS,
    )


@bp.route("/new", methods=["GET", "POST"])
@require("write_library")
def new():
    form = _form()
    saved = _saved(form, None)
    if saved is not None:
        flash("Added to the library.")
        return redirect(url_for("library.show", entry_id=saved))
    return render_template("library/edit.html", form=form, item=None), 400 if form.errors else 200


@bp.route("/<int:entry_id>")
@require("read_library")
def show(entry_id: int):
    item = library.entry(get_session(), entry_id) or abort(404)
    return render_template("library/show.html", item=item, kinds=KINDS, tags=shown_tags(item.tags))


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@require("write_library")
def edit(entry_id: int):
    item = library.entry(get_session(), entry_id) or abort(404)
    _may_change(item)
    form = _form(item)
    if _saved(form, item) is not None:
        flash("Saved.")
        return redirect(url_for("library.show", entry_id=entry_id))
    return render_template("library/edit.html", form=form, item=item), 400 if form.errors else 200


@bp.route("/<int:entry_id>/remove", methods=["POST"])
@require("write_library")
def remove(entry_id: int):
    item = library.entry(get_session(), entry_id) or abort(404)
    _may_change(item)
    with transaction() as session:
        library_changes.remove_entry(session, entry_id)
    flash(f"{item.title} removed from the library.")
    return redirect(url_for("library.index"))
