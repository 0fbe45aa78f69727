"""Every mapped class, built together, and the flush rules (audit trail, revisions, fixed
agreed plans) from `models.rules` installed with them. Imported on first use of any of these
names from `careplan_desktop.models` (see the package's docstring)."""

from .appointment import Appointment, Recall
from .audit import AuditEvent
from .base import Base, Traveller, new_uuid, utcnow
from .codes import LEVEL_NAMES, Actor, CareStatus, OfferStatus, RecallStatus, ReviewMethod, VersionStatus
from .directory import DirectoryEntry
from .exchange import (
    AppliedBundle, Conflict, Destination, ExchangeKey, PersonLink, RecordClock, SentRecord, Signer, Tombstone,
)
from .patient import Carer, Condition, Patient
from .people import Device, User
from .plan import CarePlan, PlanVersion
from .practice import Practice
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
    UnmetNeed,
)
from .printouts import StoredPrintout
from .report_facts import FACT_TABLES
from .result import Result
from .review import LetterLog, PrintLog, Review
from .rules import FixedPlanVersionError, record_event
from .self_assessment import CompletedAssessmentError, SelfAssessment, SelfAssessmentAnswer

__all__ = [name for name in dir() if not name.startswith("_")]
