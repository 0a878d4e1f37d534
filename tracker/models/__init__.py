"""The schema: registers (people, partnerships, rates), imported meetings, costed facts and what is planned
and reported around them, one module per aggregate on top of ``base``.

Every table is imported here, so ``Base.metadata`` (what Alembic compares) holds the whole schema and
``from tracker.models import Person`` finds any of them. The modules below import ``base`` and, where a
relationship needs it, ``partnerships``; none imports this package back.
"""

from .attribution import AttributionChange, AttributionOverride, RuleRequest
from .audit import AuditEntry
from .base import (
    MONEY_PLACES,
    RATE_PLACES,
    Base,
    Scaled,
    UTCDateTime,
    money,
    rate,
    units,
)
from .imports import CalendarImport, ReplacedCopy, UndoneImport
from .jobs import Job
from .meetings import Attendance, Meeting, MeetingAddress, MeetingCopy
from .monthly import EVERY_CALENDAR, MonthlyFigure, MonthlyMeetings, MonthlySeries, ReviewSeries, UnattributedTitle
from .outcomes import Measure, OutcomeValue
from .partnerships import Partnership
from .people import Grade, OnCostRate, Organisation, Person, PersonAlias, Salary, StandardRate
from .planning import Comparator, FundingStream, LibraryEntry, Proposal, Scenario
from .settings import Setting
from .sources import CalendarSource, SourceEvent
from .users import User

__all__ = [
    "MONEY_PLACES",
    "RATE_PLACES",
    "AttributionChange",
    "AttributionOverride",
    "Attendance",
    "AuditEntry",
    "Base",
    "CalendarImport",
    "CalendarSource",
    "Comparator",
    "FundingStream",
    "Grade",
    "Job",
    "LibraryEntry",
    "Measure",
    "Meeting",
    "MeetingAddress",
    "MeetingCopy",
    "MonthlyFigure",
    "MonthlyMeetings",
    "MonthlySeries",
    "ReviewSeries",
    "UnattributedTitle",
    "EVERY_CALENDAR",
    "OnCostRate",
    "Organisation",
    "OutcomeValue",
    "Partnership",
    "Person",
    "PersonAlias",
    "Proposal",
    "ReplacedCopy",
    "RuleRequest",
    "Salary",
    "StandardRate",
    "Scaled",
    "Scenario",
    "Setting",
    "SourceEvent",
    "UTCDateTime",
    "UndoneImport",
    "User",
    "money",
    "rate",
    "units",
]
