"""Uploading calendars: choose files, say whose they are, preview, confirm; history and undo.

Confirming starts a background job (``background``) and shows its progress: a directorate's zip never
holds the browser for minutes.

A manager uploads only their own organisation's staff's calendars: once the owners page has every
calendar's owner (given, or told by the file), each is checked (``services/calendar_owners.py``), and one
of another organisation's refuses the whole upload before anything is stored; the job checks again.
Import history and undo cover the same calendars, whoever imported them (``web/calendar_scope.py``).
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from importers import MAX_FILE_BYTES, CalendarFileError, Deadline, OutOfTime

from .. import background
from ..db import get_session, rehearsal, transaction
from ..reports import imports
from ..reports.calendar_scope import covers
from ..services import calendar_owners, import_jobs, pending_uploads
from ..services.calendar_import import check_readable, read_uploads
from ..services.import_preview import preview_import
from ..services.import_undo import restore_import, undo_import
from ..services.pending_uploads import Choices, Pending
from ..services.upload_glance import Glanced, glance_uploads
from .auth import require
from .calendar_scope import needs_organisation, scope
from .forms import UploadForm
from .paging import pagination

bp = Blueprint("uploads", __name__)


def _pending(token: str) -> Pending:
    """The upload under ``token``, if it is the signed-in user's: anyone else is told there is none."""
    pending = pending_uploads.find(current_app.instance_path, token, by=current_user.email)
    if pending is None:
        abort(404)
    return pending


def _refused(pending: Pending, problems: list[tuple[str, str]]):
    """A file that cannot be read, or a calendar the user may not upload, refuses the whole upload: no
    owner chosen can mend it, so its files (personal data) are deleted now, not at the hourly clean-up,
    and the page says to upload again."""
    pending.forget()
    return render_template("uploads/refused.html", problems=problems), 400


def too_large(sent: int | None, limit: int) -> str:
    """Why a request over ``MAX_CONTENT_LENGTH`` was refused before it was read, with the limits in force:
    the page (or the API's JSON) is all the person sending it learns, so it says what to do instead."""
    size = f" ({sent:,} bytes)" if sent else ""
    return (
        f"That upload is too large{size}: at most {_size(limit)} can be sent at once, and each calendar file "
        f"may be up to {_size(MAX_FILE_BYTES)}. Nothing was kept. Send the files a few at a time, or zip them."
    )


def _size(count: int) -> str:
    return f"{count / 2**20:g} MB" if count >= 2**20 else f"{count:,} bytes"


def stored_name(name: str) -> str:
    """A file's name as it is kept: the last part of any path, letters, digits and ``@ . _ -`` only, no
    leading dot. The "@" stays: "alice@council.gov.uk.ics" says whose calendar it is."""
    last = re.split(r"[\\/]", name)[-1]
    return re.sub(r"[^A-Za-z0-9@._-]+", "_", last).lstrip("._")[:200]


@bp.route("/upload", methods=["GET", "POST"])
@require("upload")
@needs_organisation
def start():
    form = UploadForm()
    if form.validate_on_submit():
        files = [
            (stored_name(storage.filename or "") or f"calendar-{n}.ics", storage.read())
            for n, storage in enumerate(request.files.getlist(form.files.name))
        ]
        pending = pending_uploads.create(current_app.instance_path, files, uploader=current_user.email)
        return redirect(url_for("uploads.owners", token=pending.token))
    return render_template("uploads/start.html", form=form, scope=scope()), 400 if form.errors else 200


def _choices(files: list[str]) -> Choices:
    """The owner and, for an Outlook CSV, the date order given for each file on the owners page."""
    return Choices(
        owners={name: request.form.get(f"owner-{name}", "").strip().lower() for name in files},
        formats={name: request.form.get(f"format-{name}", "") for name in files},
        skip_invalid=bool(request.form.get("skip_invalid")),
    )


@bp.route("/upload/<token>", methods=["GET", "POST"])
@require("upload")
@needs_organisation
def owners(token: str):
    pending = _pending(token)
    files = pending.names()
    choices = _choices(files) if request.method == "POST" else Choices()
    glanced = glance_uploads(pending.paths(), choices.owners)
    if glanced.size > current_app.config["PREVIEW_MAX_BYTES"] or pending.slow():
        return _large(pending, files, choices, glanced)
    try:
        return _preview(pending, files, choices, Deadline.after(current_app.config["PREVIEW_MAX_SECONDS"]))
    except OutOfTime:  # not the file's fault: it is read where nobody waits, and not read here again
        pending.mark_slow()
        return _large(pending, files, choices, glanced)


def _preview(pending: Pending, files: list[str], choices: Choices, deadline: Deadline):
    """The owners page of an upload small enough to read while the manager waits, or (POSTed, every
    owner known and every file readable) the preview of its import; ``OutOfTime`` past ``deadline``."""
    token = pending.token
    reading = read_uploads(pending.files(), choices.owners, choices.formats, session=get_session(), deadline=deadline)
    if reading.refusals:
        return _refused(pending, reading.refusals)
    problems = reading.problems
    if request.method == "POST":
        problems = problems + reading.owners_missing
        if not problems:
            try:
                check_readable(reading.calendars, skip_invalid=choices.skip_invalid)
            except CalendarFileError as exc:
                problems.append(("", str(exc)))
        if not problems:  # every owner now given or told: each must be one this user may upload
            owned = [(calendar.result.filename, calendar.owner) for calendar in reading.calendars]
            if foreign := calendar_owners.refusals(get_session(), scope(), owned):
                return _refused(pending, [("", why) for why in foreign])
            pending.choose(choices)
            with rehearsal() as session:
                preview = preview_import(session, reading.calendars, imported_by=current_user.email, deadline=deadline)
            return render_template("uploads/preview.html", token=token, preview=preview, owners=choices.owners)
    return render_template(
        "uploads/owners.html",
        token=token,
        files=files,
        hints=reading.hints,
        owners=choices.owners,
        formats=choices.formats,
        problems=problems,
    ), 400 if problems and request.method == "POST" else 200


def _large(pending: Pending, files: list[str], choices: Choices, glanced: Glanced):
    """Too large to preview while the manager waits: owners asked for and checked from a glance, then a
    page to confirm; the job reads each event once and refuses the whole upload if a file is bad."""
    if glanced.problems:
        return _refused(pending, glanced.problems)
    problems = glanced.problems + (glanced.owners_missing if request.method == "POST" else [])
    slow = current_app.config["PREVIEW_MAX_SECONDS"] if pending.slow() else None
    if request.method == "POST" and not problems:  # every owner given or told: each checked as in _preview
        if foreign := calendar_owners.refusals(get_session(), scope(), glanced.owners):
            return _refused(pending, [("", why) for why in foreign])
        pending.choose(choices)
        return render_template(
            "uploads/large.html", token=pending.token, glanced=glanced, owners=choices.owners, slow=slow
        )
    return render_template(
        "uploads/owners.html",
        slow=slow,
        token=pending.token,
        files=files,
        hints=glanced.hints,
        owners=choices.owners,
        formats=choices.formats,
        problems=problems,
        glanced=glanced,
    ), 400 if problems and request.method == "POST" else 200


@bp.route("/upload/<token>/confirm", methods=["POST"])
@require("upload")
@needs_organisation
def confirm(token: str):
    exists = pending_uploads.find(current_app.instance_path, token, by=None) is not None
    pending = _pending(token) if exists else None  # another's upload: "not found", as at every step
    if pending is None or pending.choices() is None:
        flash("That upload has expired or was already imported; please upload the files again.", "error")
        return redirect(url_for("uploads.start"))
    with transaction() as session:
        job = import_jobs.queue(session, pending, current_user.email)
    background.submit(job.id)
    return redirect(url_for("uploads.job", job_id=job.id))


@bp.route("/jobs/<job_id>")
@require("upload")
def job(job_id: str):
    found = import_jobs.find_job(get_session(), job_id)
    if found is None:
        abort(404)
    if found.created_by != current_user.email:  # an upload's job is its uploader's alone, like the upload
        abort(404)
    if found.state == "done":
        return redirect(url_for("uploads.result", token=found.token))
    progress = background.progress_of(current_app._get_current_object(), job_id)  # type: ignore[attr-defined]
    return render_template("uploads/job.html", job=found, progress=progress)


@bp.route("/imports/batch/<token>")
@require("upload")
def result(token: str):
    """What an upload did: the files it imported, and those it found already imported (nothing changed)."""
    session = get_session()
    batch = imports.batch(session, token)
    job = import_jobs.job_of_upload(session, token)
    already = [line for line in (job.message.splitlines() if job and job.state == "done" else []) if line]
    if not batch and not already:
        abort(404)
    uploader = job.created_by if job else batch[0].record.imported_by
    if not current_user.can("all_calendars") and uploader != current_user.email:  # an upload's result is its own
        abort(404)
    return render_template("uploads/result.html", imports=batch, already=already)


@bp.route("/imports")
@require("upload")
@needs_organisation
def history():
    session = get_session()
    found = imports.history(session, scope=scope(), page=request.args.get("page", 1, type=int))
    return render_template(
        "uploads/history.html",
        scope=scope(),
        imports=found.records,
        history=found,
        pages=pagination(
            found.number, found.pages, lambda n: url_for("uploads.history", page=n), "Pages of the import history"
        ),
        undone=imports.undone(session, scope=scope()),
    )


def _undoable(session, import_id: int):
    """The import, if it is of a calendar the user works on (a colleague's upload too); else "not found"."""
    record = imports.find(session, import_id)
    if record is None or not covers(session, scope(), record.owner_email):
        abort(404)
    return record


@bp.route("/imports/<int:import_id>/undo", methods=["GET", "POST"])
@require("upload")
@needs_organisation
def undo(import_id: int):
    """A page saying what undoing removes, then the undo itself once confirmed there."""
    if request.method == "GET" or request.form.get("confirm") != "yes":
        session = get_session()
        record = _undoable(session, import_id)
        return render_template("uploads/undo.html", record=record, copies=imports.copies_held(session, record))
    with transaction() as session:
        record = _undoable(session, import_id)
        removed = undo_import(session, record, by=current_user.email)
    flash(f"Import of {record.filename} undone: {removed} meeting copies removed. It can be restored below.")
    return redirect(url_for("uploads.history"))


@bp.route("/imports/undone/<int:undone_id>/restore", methods=["POST"])
@require("upload")
@needs_organisation
def restore(undone_id: int):
    """Bring an undone import back as it stood (and it can be undone again)."""
    with transaction() as session:
        undone = imports.find_undone(session, undone_id)
        if undone is None or not covers(session, scope(), undone.owner_email):
            abort(404)
        record = restore_import(session, undone_id)
    flash(f"Import of {record.filename} restored.")
    return redirect(url_for("uploads.history"))
