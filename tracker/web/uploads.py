"""Uploading calendars: choose files, say whose they are, preview, confirm; history and undo."""

from __future__ import annotations

import json
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.utils import secure_filename

from importers import CalendarFileError

from ..db import get_session, transaction
from ..reports import imports
from ..services.calendar_import import (
    OwnerUnknown,
    ReadCalendar,
    Upload,
    check_readable,
    import_calendars,
    preview_import,
    read_upload,
    undo_import,
)
from .auth import require
from .forms import UploadForm

bp = Blueprint("uploads", __name__)
CHOICES = "choices.json"  # beside the uploaded files: the owners and date orders given for them


def _folder(token: str) -> Path:
    if not token.isalnum():
        abort(404)
    return Path(current_app.instance_path) / "uploads" / token


def _uploads(token: str) -> list[tuple[str, bytes]]:
    folder = _folder(token)
    if not folder.is_dir():
        abort(404)
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.name != CHOICES]


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


@dataclass
class Reading:
    """What the files of one upload gave: calendars ready to import, each file's suggested owner, and
    what stops a file (by stored name): unreadable, or whose it is not known."""

    calendars: list[ReadCalendar] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    owners_missing: list[tuple[str, str]] = field(default_factory=list)


def _read_all(token: str, owners: dict[str, str], formats: dict[str, str]) -> Reading:
    """Read every uploaded file through the import service; a file that cannot be read is named, with why."""
    reading = Reading()
    for stored, data in _uploads(token):
        upload = Upload(stored[4:], data, owners.get(stored) or None, formats.get(stored) or None)
        try:
            calendars = read_upload(upload, session=get_session())
        except CalendarFileError as exc:
            reading.problems.append((stored, str(exc)))
        except OwnerUnknown as exc:
            reading.hints[stored] = exc.hint or ""
            reading.owners_missing.append((stored, f"{exc.filename}: {exc.reason}; give the owner's address below"))
        else:
            reading.calendars.extend(calendars)
            reading.hints[stored] = next((c.result.owner_hint for c in calendars if c.result.owner_hint), "") or ""
    return reading


def _choices(files: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The owner and, for an Outlook CSV, the date order given for each file on the owners page."""
    owners = {name: request.form.get(f"owner-{name}", "").strip().lower() for name in files}
    formats = {name: request.form.get(f"format-{name}", "") for name in files}
    return owners, formats


@bp.route("/upload/<token>", methods=["GET", "POST"])
@require("upload")
def owners(token: str):
    files = [name for name, _ in _uploads(token)]
    owners, formats = _choices(files) if request.method == "POST" else ({}, {})
    reading = _read_all(token, owners, formats)
    problems = reading.problems
    if request.method == "POST":
        problems = problems + reading.owners_missing
        if not problems:
            try:
                check_readable(reading.calendars, skip_invalid=bool(request.form.get("skip_invalid")))
            except CalendarFileError as exc:
                problems.append(("", str(exc)))
        if not problems:
            _folder(token).joinpath(CHOICES).write_text(json.dumps({"owners": owners, "formats": formats}))
            preview = preview_import(get_session(), reading.calendars, imported_by=current_user.email)
            return render_template(
                "uploads/preview.html",
                token=token,
                preview=preview,
                owners=owners,
                skip_invalid=request.form.get("skip_invalid", ""),
            )
    return render_template(
        "uploads/owners.html",
        token=token,
        files=files,
        hints=reading.hints,
        owners=owners,
        formats=formats,
        problems=problems,
    ), 400 if problems and request.method == "POST" else 200


@bp.route("/upload/<token>/confirm", methods=["POST"])
@require("upload")
def confirm(token: str):
    saved = _folder(token) / CHOICES
    if not saved.is_file():
        flash("That upload has expired or was already imported; please upload the files again.", "error")
        return redirect(url_for("uploads.start"))
    choices = json.loads(saved.read_text())
    reading = _read_all(token, choices["owners"], choices["formats"])
    if reading.problems or reading.owners_missing:
        flash("The files could not be read again; please upload them once more.", "error")
        return redirect(url_for("uploads.start"))
    check_readable(reading.calendars, skip_invalid=bool(request.form.get("skip_invalid")))
    with transaction() as session:
        import_calendars(session, reading.calendars, imported_by=current_user.email, batch=token)
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
