"""Typed SQLAlchemy models, one module per aggregate. Importing this package installs the
flush rules (audit trail, revisions, fixed agreed plans) from `models.rules`."""

from .appointment import Appointment, Recall, RecallStatus
from .audit import AuditEvent
from .base import Base, Traveller, new_uuid, utcnow
from .directory import DirectoryEntry
from .exchange import AppliedBundle, Conflict, Destination, ExchangeKey, RecordClock, SentRecord, Tombstone
from .patient import LEVEL_NAMES, Carer, CareStatus, Condition, OfferStatus, Patient
from .people import Device, User
from .plan import CarePlan, PlanVersion, ReviewMethod, VersionStatus
from .plan_parts import (
    PLAN_PART_CLASSES,
    Action,
    BudgetLine,
    ConfidenceScore,
    ContingencyContact,
    ContingencyPlan,
    Equipment,
    Goal,
    InformationPrescription,
    Medication,
    Participant,
    PersonalHealthBudget,
    PlanPart,
    Risk,
    SelfCareAction,
    SharingConsent,
    SupportService,
)
from .result import Result
from .review import LetterLog, PrintLog, Review
from .rules import Actor, FixedPlanVersionError, record_event

__all__ = [name for name in dir() if not name.startswith("_")]
