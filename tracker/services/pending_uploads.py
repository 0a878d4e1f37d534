"""Uploaded files waiting to be confirmed: kept in the instance folder under a random token, with the
owners and date orders chosen for them, until they are imported or refused, or abandoned.

An upload is its uploader's alone: the token is in addresses (history, logs, a shared screen), so it is
no key; the web finds an upload only for the user who made it (``find(..., by=email)``), and everyone
else, administrators too, is answered "not found". Only the job that imports it finds it for nobody.

Calendars are personal data, so nothing stays longer than it must: an import deletes its files as
soon as it is stored or refused, files never confirmed go after an hour, and confirmed files whose
job never ran after a day.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

CHOICES = "choices.json"
UPLOADER = "uploader"  # the email of whoever uploaded the files
CONFIRMED = "confirmed"  # a job will read these files: kept longer, for a queue that is slow to start
SLOW = "slow"  # reading them took longer than the preview may: they are not read in a request again
ABANDONED_AFTER_HOURS = 1
CONFIRMED_KEPT_HOURS = 24


@dataclass(frozen=True)
class Choices:
    """Whose calendar each stored file is, the date order of an Outlook CSV, and whether to import the
    readable events of a file that has unreadable ones."""

    owners: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    skip_invalid: bool = False


@dataclass(frozen=True)
class Pending:
    folder: Path

    @property
    def token(self) -> str:
        return self.folder.name

    def files(self) -> list[tuple[str, bytes]]:
        """(stored name, bytes) of each file, in the order uploaded; the stored name starts ``000-``."""
        return [(name, path.read_bytes()) for name, path in self.paths()]

    def paths(self) -> list[tuple[str, Path]]:
        """(stored name, path) of each file, for reading them one at a time."""
        kept = (CHOICES, CONFIRMED, UPLOADER, SLOW)  # the upload's own notes, not its files
        return [(p.name, p) for p in sorted(self.folder.iterdir()) if p.name not in kept]

    def names(self) -> list[str]:
        return [name for name, _ in self.paths()]

    def uploader(self) -> str:
        path = self.folder / UPLOADER
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    def confirm(self) -> None:
        (self.folder / CONFIRMED).touch()

    def mark_slow(self) -> None:
        (self.folder / SLOW).touch()

    def slow(self) -> bool:
        """Whether reading these files once ran out of the preview's time (``PREVIEW_MAX_SECONDS``)."""
        return (self.folder / SLOW).exists()

    def choose(self, choices: Choices) -> None:
        (self.folder / CHOICES).write_text(json.dumps(asdict(choices)))

    def choices(self) -> Choices | None:
        """What was chosen for the files on the owners page, or None before the preview."""
        path = self.folder / CHOICES
        return Choices(**json.loads(path.read_text())) if path.is_file() else None

    def forget(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def root(instance_path: str) -> Path:
    return Path(instance_path) / "uploads"


def create(instance_path: str, files: list[tuple[str, bytes]], *, uploader: str) -> Pending:
    """Keep these (safe) names and bytes under a new token, as ``uploader``'s; stale uploads are
    forgotten first."""
    forget_stale(instance_path)
    folder = root(instance_path) / secrets.token_hex(12)
    folder.mkdir(parents=True)
    (folder / UPLOADER).write_text(uploader.strip().lower(), encoding="utf-8")
    for n, (name, data) in enumerate(files):
        (folder / f"{n:03d}-{name}").write_bytes(data)
    return Pending(folder)


def find(instance_path: str, token: str, *, by: str | None) -> Pending | None:
    """The upload under ``token`` if it is ``by``'s (an email), or for ``by=None`` whoever's it is: only the
    job importing it, and the audit trail naming it, ask so. None when there is none, or it is another's."""
    forget_stale(instance_path)
    if not token.isalnum():
        return None
    pending = Pending(root(instance_path) / token)
    if not pending.folder.is_dir():
        return None
    if by is not None and (not pending.uploader() or pending.uploader() != by.strip().lower()):
        return None
    return pending


def forget_stale(instance_path: str, now: float | None = None) -> None:
    """Delete uploads abandoned for an hour, and confirmed ones whose job has not run in a day."""
    now = time.time() if now is None else now
    base = root(instance_path)
    for folder in base.glob("*") if base.is_dir() else []:
        hours = CONFIRMED_KEPT_HOURS if (folder / CONFIRMED).exists() else ABANDONED_AFTER_HOURS
        if folder.is_dir() and folder.stat().st_mtime < now - hours * 3600:
            shutil.rmtree(folder, ignore_errors=True)
