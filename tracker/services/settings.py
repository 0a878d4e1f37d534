"""Changing the settings every figure depends on: productive hours, what is counted, the smallest group shown."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from ..domain.settings import DESCRIPTIONS, NOT_FIGURES, Settings
from ..reports.settings import load_settings
from ..store.settings import save_setting
from . import attendances


def change_settings(session: Session, values: Mapping[str, str]) -> None:
    """Validate and store each value given (``ValueError`` names a bad one), then recalculate every figure
    (unless only settings no figure depends on were given)."""
    for key, value in values.items():
        if key not in DESCRIPTIONS:
            raise ValueError(f"unknown setting {key!r}; known: {', '.join(DESCRIPTIONS)}")
        save_setting(session, key, value)
    if set(values) - NOT_FIGURES:
        attendances.refresh(session, attendances.Touched(everything=True))


def current(session: Session) -> Settings:
    """The settings in force (the defaults where none is stored)."""
    return load_settings(session)
