"""The fixed vocabularies of the model (statuses, levels of need) and who is acting.

Plain Python, no SQLAlchemy: screens and services read these before the first paint
without building any mapped class (see `models/__init__.py`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class OfferStatus(str, enum.Enum):
    NOT_OFFERED = "not_offered"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class CareStatus(str, enum.Enum):
    ACTIVE = "active"  # in active review
    SELF_CARE = "self_care"  # exited to self-care with a route back


class RegisterStatus(str, enum.Enum):
    """Whether a person is still on the long-term-condition register. Anyone not ACTIVE leaves
    recall, reviews due, letter and invitation batches and the register's figures; their record
    stays readable. One definition of "on the register": `Patient.on_register`."""

    ACTIVE = "active"
    DIED = "died"  # with the date they died
    MOVED_AWAY = "moved_away"  # moved away or registered elsewhere, with the date
    LEFT_REGISTER = "left_register"  # left the long-term-condition register, with the reason


def is_on_register(status: str | None) -> bool:
    """The same rule as `Patient.on_register`, for rows read as plain values."""
    return status in (None, RegisterStatus.ACTIVE.value)


LEVEL_NAMES = {
    1: "supported self-care",
    2: "disease-specific care management",
    3: "case management",
}


class RecallStatus(str, enum.Enum):
    TO_INVITE = "to_invite"
    INVITED = "invited"
    BOOKED = "booked"
    LETTER_SENT = "letter_sent"
    SEEN = "seen"
    DID_NOT_ATTEND = "did_not_attend"
    DECLINED = "declined"


class VersionStatus(str, enum.Enum):
    DRAFT = "draft"
    AGREED = "agreed"
    SUPERSEDED = "superseded"


class ReviewMethod(str, enum.Enum):
    FACE_TO_FACE = "face to face"
    PHONE = "phone"
    HOME_VISIT = "home visit"


@dataclass(frozen=True)
class Actor:
    """Who is acting: the signed-in user and this device (uuids), set on every session."""

    user_uuid: str | None
    device_uuid: str | None
    role: str | None = None  # the user's role when they act, written on each audit row
