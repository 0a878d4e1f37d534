"""Uploading calendars: choose files, say whose they are, preview, confirm; history and undo."""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.utils import secure_filename

import importers
from importers import CalendarFileError

from ..db import get_session, transaction
from ..reports import imports
from ..services.calendar_import import (
    OwnerUnknown,
    ReadCalendar,
    check_readable,
    import_calendars,
    preview_import,
    resolve_owner,
    undo_import,
)
from .auth import require
from .forms import UploadForm

bp = Blueprint("uploads", __name__)


def _folder(token: str) -> Path:
    if not token.isalnum():
        abort(404)
    return Path(current_app.instance_path) / "uploads" / token


def _uploads(token: str) -> list[tuple[str, bytes]]:
    folder = _folder(token)
    if not folder.is_dir():
        abort(404)
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.name != "owners.json"]


@bp.route("/upload", methods=["GET", "POST"])
@require("upload")
def start():
    form = UploadForm()
    if form.validate_on_submit():
        _forget_stale_uploads()
        token = secrets.token_hex(12)
        folder = _folder(token)
        folder.mkdir(parents=True)
        for n, storage in enumerate(request.files.getlist(form.files.name)):
            name = secure_filename(storage.filename or "") or f"calendar-{n}.ics"
            storage.save(folder / f"{n:03d}-{name}")
        return redirect(url_for("uploads.owners", token=token))
    return render_template("uploads/start.html", form=form), 400 if form.errors else 200


def _forget_stale_uploads(max_age_hours: int = 24) -> None:
    """Uploads never confirmed are deleted after a day: calendars are personal data."""
    root = Path(current_app.instance_path) / "uploads"
    cutoff = time.time() - max_age_hours * 3600
    for folder in root.glob("*") if root.is_dir() else []:
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def _read_all(token: str, owners: dict[str, str]):
    """Read every uploaded file; a file that cannot be read is reported by name, with its reason."""
    results, problems, hints = [], [], {}
    for stored, data in _uploads(token):
        try:
            read = importers.read(data, stored[4:], date_format=request.form.get(f"format-{stored}") or None)
        except CalendarFileError as exc:
            problems.append((stored, str(exc)))
            hints[stored] = ""
            continue
        hints[stored] = next((r.owner_hint for r in read if r.owner_hint), "") or ""
        for result in read:
            try:
                results.append(ReadCalendar(result, resolve_owner(result, owners.get(stored))))
            except OwnerUnknown as exc:
                problems.append((stored, str(exc).replace("(--owner)", "below")))
    return results, problems, hints


@bp.route("/upload/<token>", methods=["GET", "POST"])
@require("upload")
def owners(token: str):
    files = [name for name, _ in _uploads(token)]
    owners = {name: request.form.get(f"owner-{name}", "").strip().lower() for name in files}
    results, problems, hints = _read_all(token, owners if request.method == "POST" else {})
    if request.method == "POST":
        if not problems:
            try:
                check_readable(results, skip_invalid=bool(request.form.get("skip_invalid")))
            except CalendarFileError as exc:
                problems.append(("", str(exc)))
        if not problems:
            _folder(token).joinpath("owners.json").write_text(json.dumps(owners))
            preview = preview_import(get_session(), results, imported_by=current_user.email)
            return render_template(
                "uploads/preview.html",
                token=token,
                preview=preview,
                owners=owners,
                skip_invalid=request.form.get("skip_invalid", ""),
            )
    else:
        problems = [(n, p) for n, p in problems if "whose calendar" not in p]
    return render_template(
        "uploads/owners.html", token=token, files=files, hints=hints, owners=owners, problems=problems
    ), 400 if problems and request.method == "POST" else 200


@bp.route("/upload/<token>/confirm", methods=["POST"])
@require("upload")
def confirm(token: str):
    saved = _folder(token) / "owners.json"
    if not saved.is_file():
        flash("That upload has expired or was already imported; please upload the files again.", "error")
        return redirect(url_for("uploads.start"))
    owners = json.loads(saved.read_text())
    results, problems, _ = _read_all(token, owners)
    if problems:
        flash("The files could not be read again; please upload them once more.")
        return redirect(url_for("uploads.start"))
    check_readable(results, skip_invalid=bool(request.form.get("skip_invalid")))
    with transaction() as session:
        import_calendars(session, results, imported_by=current_user.email, batch=token)
    shutil.rmtree(_folder(token), ignore_errors=True)
    return redirect(url_for("uploads.result", token=token))


@bp.route("/imports/batch/<token>")
@require("upload")
def result(token: str):
    batch = imports.batch(get_session(), token)
    if not batch:
        abort(404)
    return render_template("uploads/result.html", imports=batch)


def _imported_by() -> str | None:
    """Managers see and undo the imports they made; some roles manage everyone's."""
    return None if current_user.can("manage_all_imports") else current_user.email


@bp.route("/imports")
@require("upload")
def history():
    return render_template("uploads/history.html", imports=imports.history(get_session(), imported_by=_imported_by()))


@bp.route("/imports/<int:import_id>/undo", methods=["POST"])
@require("upload")
def undo(import_id: int):
    with transaction() as session:
        record = imports.find(session, import_id)
        if record is None:
            abort(404)
        if _imported_by() not in (None, record.imported_by):
            abort(403)
        removed = undo_import(session, record)
    flash(f"Import of {record.filename} undone: {removed} meeting copies removed.")
    return redirect(url_for("uploads.history"))
