"""Background jobs as rows: created when asked for, marked running, done or failed by whoever runs them."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CalendarImport, Job


def create(session: Session, *, kind: str, token: str, by: str) -> Job:
    job = Job(id=secrets.token_hex(16), kind=kind, token=token, state="queued", message="", created_by=by)
    job.created_at = datetime.now(UTC)
    session.add(job)
    session.flush()
    return job


def find(session: Session, job_id: str) -> Job | None:
    return session.get(Job, job_id)


def mark(session: Session, job: Job, state: str, message: str = "") -> None:
    job.state, job.message = state, message
    if state in ("done", "failed"):
        job.finished_at = datetime.now(UTC)
    session.flush()


def of_upload(session: Session, token: str) -> Job | None:
    """The newest job of one upload."""
    return session.scalar(select(Job).where(Job.token == token).order_by(Job.created_at.desc()).limit(1))


def import_record(session: Session, import_id: int) -> CalendarImport | None:
    return session.get(CalendarImport, import_id)
