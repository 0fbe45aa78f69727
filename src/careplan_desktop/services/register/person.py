"""Adding and editing a person on the register: the form, its checks, saving and loading.

`validate` gives messages to show beside each field (keys are PersonForm field names, and
`carers[i].field` for a carer). `save_person` is one user action: one transaction, audited
by the flush rules. It refuses a second record with the same NHS number (the outcome names
the existing person so the screen can offer to open them) and warns when someone else has
the same name and date of birth. Messages never quote anyone else's details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session, selectinload

from careplan_desktop.models import Carer, CareStatus, Condition, OfferStatus, Patient
from careplan_desktop.store import Vault

from careplan_desktop.domain import nhs_number
from careplan_desktop.domain.reference import ReferenceData, load_reference_data
from careplan_desktop.services.register.condition_entries import FREE_TEXT, MOST_WORDS, key_of, read_key, same_key
from careplan_desktop.services.register.listing import PersonNotFound  # one "this person has gone" error for every screen
from careplan_desktop.domain.uk_dates import check_date_of_birth
from careplan_desktop.services.staff.roles import require
from careplan_desktop.services.review.plan_review import level_change

SEXES = ("female", "male", "other", "unknown")
DUPLICATE_NHS_NUMBER = "Someone with this NHS number is already on the register."
SAME_NAME_AND_DOB = (
    "Someone else on the register has the same name and date of birth but a different NHS number. "
    "Check this is a different person before saving."
)
CARER_COPY_NEEDS_CONSENT = (
    "A carer can only get a copy of the plan once the person's consent is recorded: "
    "enter the date they agreed."
)


@dataclass(frozen=True)
class CarerForm:
    name: str = ""
    relationship: str = ""
    phone: str = ""
    involved_in_planning: bool = False
    receives_copy: bool = False
    consent_recorded_on: dt.date | None = None
    uuid: str | None = None  # None for a carer added on this form


ConditionEntry = tuple[str, "dt.date | None"]  # (catalogue code, diagnosed on)


@dataclass(frozen=True)
class PersonForm:
    """Every editable field of a person. Text fields use '' for blank."""

    nhs_number: str = ""
    title: str = ""
    given_name: str = ""
    family_name: str = ""
    preferred_name: str = ""
    date_of_birth: dt.date | None = None
    sex: str = "unknown"
    address: str = ""
    postcode: str = ""
    phone: str = ""
    gp_name: str = ""
    level_of_need: int = 1
    housebound: bool = False
    large_print: bool = False
    easy_read: bool = False
    interpreter_language: str = ""  # filled in when an interpreter is needed
    bsl: bool = False
    braille: bool = False
    needs_companion: bool = False
    communication_other: str = ""
    lead_professional: str = ""
    offer_status: str = OfferStatus.NOT_OFFERED.value
    offer_date: dt.date | None = None
    offer_response_date: dt.date | None = None
    offer_decline_reason: str = ""
    care_status: str = CareStatus.ACTIVE.value
    route_back: str = ""
    next_review_date: dt.date | None = None
    conditions: tuple[ConditionEntry, ...] = ()
    carers: tuple[CarerForm, ...] = ()

    def __post_init__(self) -> None:  # lists from a screen become tuples: forms compare equal
        object.__setattr__(self, "conditions", tuple(tuple(c) for c in self.conditions))
        object.__setattr__(self, "carers", tuple(self.carers))


@dataclass(frozen=True)
class SaveOutcome:
    status: Literal["saved", "invalid", "duplicate_nhs_number", "same_name_and_dob"]
    patient_uuid: str | None = None  # the saved person
    existing_uuid: str | None = None  # the other person (duplicate NHS number, or same name and DOB)
    problems: dict[str, str] = field(default_factory=dict)
    message: str = ""

    @property
    def saved(self) -> bool:
        return self.status == "saved"


# fields copied as they are (text fields: '' is stored as NULL)
_TEXT = ("title", "preferred_name", "address", "phone", "gp_name", "interpreter_language",
         "communication_other", "lead_professional", "offer_decline_reason", "route_back")
_PLAIN = ("level_of_need", "housebound", "large_print", "easy_read", "bsl", "braille", "needs_companion",
          "offer_status", "offer_date", "offer_response_date", "care_status", "next_review_date")


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def normalise_postcode(text: str | None) -> str | None:
    """'ne46 1qj' -> 'NE46 1QJ'; other text is kept, upper-cased."""
    compact = "".join((text or "").split()).upper()
    if not compact:
        return None
    return f"{compact[:-3]} {compact[-3:]}" if 5 <= len(compact) <= 7 else compact


def validate(form: PersonForm, today: dt.date, reference: ReferenceData | None = None) -> dict[str, str]:
    """field -> message for every problem; an empty dict means the form can be saved."""
    problems: dict[str, str] = {}
    try:
        nhs_number.normalise(form.nhs_number)
    except nhs_number.InvalidNhsNumber as error:
        problems["nhs_number"] = str(error)
    if _blank(form.given_name):
        problems["given_name"] = "Enter the given name."
    if _blank(form.family_name):
        problems["family_name"] = "Enter the family name."
    if form.date_of_birth is None:
        problems["date_of_birth"] = "Enter the date of birth."
    else:
        dob_problem = check_date_of_birth(form.date_of_birth, today)
        if dob_problem:
            problems["date_of_birth"] = dob_problem
    if form.sex not in SEXES:
        problems["sex"] = "Choose female, male, other or unknown."
    if form.level_of_need not in (1, 2, 3):
        problems["level_of_need"] = "The level of need must be 1, 2 or 3."
    if form.offer_status not in {s.value for s in OfferStatus}:
        problems["offer_status"] = "Choose not yet offered, offered, accepted or declined."
    if form.care_status not in {s.value for s in CareStatus}:
        problems["care_status"] = "Choose active review or self-care."
    for name in ("offer_date", "offer_response_date"):
        value = getattr(form, name)
        if value is not None and value > today:
            problems[name] = "This date cannot be in the future."
    if form.offer_date and form.offer_response_date and form.offer_response_date < form.offer_date:
        problems["offer_response_date"] = "The reply cannot be before the care planning offer."
    _validate_conditions(form, today, reference or load_reference_data(), problems)
    for index, carer in enumerate(form.carers):
        if _blank(carer.name):
            problems[f"carers[{index}].name"] = "Enter the carer's name."
        if carer.receives_copy and carer.consent_recorded_on is None:
            problems[f"carers[{index}].consent_recorded_on"] = CARER_COPY_NEEDS_CONSENT
        elif carer.consent_recorded_on is not None and carer.consent_recorded_on > today:
            problems[f"carers[{index}].consent_recorded_on"] = "This date cannot be in the future."
    return problems


def _validate_conditions(form: PersonForm, today: dt.date, reference: ReferenceData, problems: dict) -> None:
    seen: list[str] = []
    for key, diagnosed_on in form.conditions:
        entry = read_key(key)
        if entry.is_free_text:
            if not entry.words:
                problems["conditions"] = "Write the condition's name in words, or choose one from the catalogue."
                continue
            if len(entry.words) > MOST_WORDS:
                problems["conditions"] = f"A condition's name can be up to {MOST_WORDS} characters."
                continue
            name = entry.words
        else:
            try:
                condition = reference.condition(entry.code)
            except KeyError:
                problems["conditions"] = "One of the conditions is not in the condition catalogue."
                continue
            name = condition.name  # a cancer without its site (from a register import) still saves
        if any(same_key(key, other) for other in seen):
            problems["conditions"] = f"{name} is listed twice."
        seen.append(key)
        if diagnosed_on is not None and (diagnosed_on > today or (
                form.date_of_birth is not None and diagnosed_on < form.date_of_birth)):
            problems["conditions"] = f"The diagnosis date for {name} must be between birth and today."


def save_person(
    vault: Vault,
    form: PersonForm,
    *,
    patient_uuid: str | None = None,
    allow_same_name_dob: bool = False,
    today: dt.date | None = None,
) -> SaveOutcome:
    """Create (no uuid) or update a person in one transaction."""
    require(vault, "keep the register")
    today = today or dt.date.today()
    reference = load_reference_data()
    problems = validate(form, today, reference)
    if problems:
        return SaveOutcome("invalid", patient_uuid, problems=problems, message="Please correct the fields marked.")
    digits = nhs_number.normalise(form.nhs_number)
    with vault.transaction() as session:
        patient = None
        if patient_uuid is not None:
            patient = session.scalar(select(Patient).where(Patient.uuid == patient_uuid).options(
                selectinload(Patient.conditions), selectinload(Patient.carers)))
            if patient is None:
                raise PersonNotFound()
        other = session.scalar(select(Patient.uuid).where(Patient.nhs_number == digits, Patient.uuid != patient_uuid)
                               if patient_uuid else select(Patient.uuid).where(Patient.nhs_number == digits))
        if other is not None:
            return SaveOutcome("duplicate_nhs_number", patient_uuid, existing_uuid=other,
                               problems={"nhs_number": DUPLICATE_NHS_NUMBER}, message=DUPLICATE_NHS_NUMBER)
        identity_changed = patient is None or (
            patient.given_name.casefold(), patient.family_name.casefold(), patient.date_of_birth
        ) != (form.given_name.strip().casefold(), form.family_name.strip().casefold(), form.date_of_birth)
        if identity_changed and not allow_same_name_dob:
            twin = _same_name_and_dob(session, form, digits)
            if twin is not None:
                return SaveOutcome("same_name_and_dob", patient_uuid, existing_uuid=twin, message=SAME_NAME_AND_DOB)
        before = None if patient is None else (patient.level_of_need, patient.next_review_date)
        if patient is None:
            patient = Patient(nhs_number=digits)
            session.add(patient)
        _apply_fields(patient, form, digits)
        if before is not None and before[0] != form.level_of_need and form.next_review_date == before[1]:
            # a new level of need, the review date left as it was: the next review is worked out
            # again from the new level, and the change goes on the plan's timeline
            patient.level_of_need = before[0]
            level_change(session, patient, form.level_of_need, today)
        _apply_conditions(patient, form, reference)
        _apply_carers(patient, form)
        session.flush()
        return SaveOutcome("saved", patient.uuid)


def _same_name_and_dob(session: Session, form: PersonForm, digits: str) -> str | None:
    return session.scalar(
        select(Patient.uuid).where(
            func.lower(Patient.given_name) == form.given_name.strip().lower(),
            func.lower(Patient.family_name) == form.family_name.strip().lower(),
            Patient.date_of_birth == form.date_of_birth,
            Patient.nhs_number != digits,
        ).limit(1)
    )


def _set(obj: object, name: str, value: object) -> None:
    """Assign only real changes, so an unchanged field is not recorded as changed."""
    if getattr(obj, name) != value:
        setattr(obj, name, value)


def _apply_fields(patient: Patient, form: PersonForm, digits: str) -> None:
    _set(patient, "nhs_number", digits)
    _set(patient, "given_name", form.given_name.strip())
    _set(patient, "family_name", form.family_name.strip())
    _set(patient, "date_of_birth", form.date_of_birth)
    _set(patient, "birth_month", form.date_of_birth.month)  # type: ignore[union-attr]
    _set(patient, "sex", form.sex)
    _set(patient, "postcode", normalise_postcode(form.postcode))
    for name in _TEXT:
        _set(patient, name, (getattr(form, name) or "").strip() or None)
    for name in _PLAIN:
        _set(patient, name, getattr(form, name))


def _delete(collection: list, row: Condition | Carer) -> None:
    """Remove and delete explicitly: an orphan removed only from the collection is deleted during
    the flush, after the audit hook has looked, so its deletion would go unrecorded."""
    collection.remove(row)
    session = object_session(row)
    if session is not None:
        session.delete(row)


def _apply_conditions(patient: Patient, form: PersonForm, reference: ReferenceData) -> None:
    """Keep rows whose key stays (updating the date), remove dropped ones, add new ones: a
    catalogue condition with its SNOMED CT code (and its site, for cancer), or a condition in
    the nurse's words with no code."""
    wanted = dict(form.conditions)
    for row in list(patient.conditions):
        key = next((k for k in wanted if same_key(k, key_of(row))), None)
        if key is None:
            _delete(patient.conditions, row)
        else:
            _set(row, "diagnosed_on", wanted.pop(key))
    for key, diagnosed_on in wanted.items():
        entry = read_key(key)
        if entry.is_free_text:
            patient.conditions.append(Condition(code=FREE_TEXT, snomed_id=None, display=entry.words,
                                                diagnosed_on=diagnosed_on))
            continue
        kind = reference.condition(entry.code)
        display = f"{kind.name} ({entry.site})" if entry.site else kind.name  # "Cancer (bowel)"
        patient.conditions.append(Condition(code=entry.code, snomed_id=kind.snomed, display=display,
                                            site=entry.site, diagnosed_on=diagnosed_on))


def _apply_carers(patient: Patient, form: PersonForm) -> None:
    """Match carers by uuid (else by name); remove the ones no longer on the form."""
    existing = {c.uuid: c for c in patient.carers}
    unmatched = dict(existing)
    for carer_form in form.carers:
        row = unmatched.pop(carer_form.uuid, None) if carer_form.uuid else None
        if row is None:
            row = next((c for c in unmatched.values()
                        if c.name.casefold() == carer_form.name.strip().casefold()), None)
            if row is not None:
                del unmatched[row.uuid]
        if row is None:
            row = Carer(name=carer_form.name.strip())
            patient.carers.append(row)
        _set(row, "name", carer_form.name.strip())
        _set(row, "relationship_to_person", carer_form.relationship.strip() or None)
        _set(row, "phone", carer_form.phone.strip() or None)
        _set(row, "involved_in_planning", carer_form.involved_in_planning)
        _set(row, "receives_copy", carer_form.receives_copy)
        _set(row, "copy_consent_recorded_on", carer_form.consent_recorded_on)
    for row in unmatched.values():
        _delete(patient.carers, row)


def load_person(vault: Vault, patient_uuid: str) -> PersonForm:
    with vault.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == patient_uuid).options(
            selectinload(Patient.conditions), selectinload(Patient.carers)))
        if patient is None:
            raise PersonNotFound()
        return PersonForm(
            nhs_number=patient.nhs_number,
            given_name=patient.given_name,
            family_name=patient.family_name,
            date_of_birth=patient.date_of_birth,
            sex=patient.sex,
            postcode=patient.postcode or "",
            **{name: getattr(patient, name) or "" for name in _TEXT},
            **{name: getattr(patient, name) for name in _PLAIN},
            conditions=tuple((key_of(c), c.diagnosed_on) for c in patient.conditions),
            carers=tuple(
                CarerForm(c.name, c.relationship_to_person or "", c.phone or "", c.involved_in_planning,
                          c.receives_copy, c.copy_consent_recorded_on, c.uuid)
                for c in patient.carers
            ),
        )
