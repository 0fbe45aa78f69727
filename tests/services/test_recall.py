"""Recall for June 2025 over a hand-built register (today = 1 June 2025, intervals 12/6/3 months).

person  level  born        review date  conditions                         due in June?
Adams   1      10/06/1950  -            T2 diabetes                        yes, birth month
Baker   1      10/05/1950  -            asthma                             no (May)
Clarke  2      15/12/1960  -            COPD, asthma                       yes, Dec + 6 months
Dixon   2      15/03/1960  -            COPD                               no (Mar, Sep)
Evans   3      01/09/1945  -            dementia, T2 diabetes, hypert.     yes, Sep/Dec/Mar/Jun; housebound, GP-led
Fox     3      01/08/1945  -            hypertension                       no (Aug/Nov/Feb/May)
Green   1      20/06/1970  10/09/2025   asthma                             no: the review date wins over birth month
Hughes  1      20/02/1970  30/06/2025   hypertension                       yes, review date
Irwin   1      03/06/1980  -            asthma, exited to self-care        listed apart (self-care)
James   2      03/06/1955  -            COPD, declined care planning       listed apart (declined)
King    1      01/01/1960  01/04/2025   asthma                             overdue
Lewis   1      01/06/1990  -            none recorded                      yes, birth month
Moore   1      01/11/1950  01/06/2025   schizophrenia                      yes, review date; GP-led
"""

import datetime as dt

import pytest
from sqlalchemy import event, select

from careplan_desktop.models import Appointment, AuditEvent, Patient, Recall
from careplan_desktop.domain.nhs_number import complete
from careplan_desktop.services.register.person import PersonForm, save_person
from careplan_desktop.services.recall.birth_month import recall_cohort, record_invitations, set_recall_status
from careplan_desktop.services.recall.booking import book_appointments, clinic_slots, first_slot

TODAY = dt.date(2025, 6, 1)
PEOPLE = [
    # family, level, born, review date, conditions, extra fields
    ("Adams", 1, dt.date(1950, 6, 10), None, ["diabetes-type-2"], {}),
    ("Baker", 1, dt.date(1950, 5, 10), None, ["asthma"], {}),
    ("Clarke", 2, dt.date(1960, 12, 15), None, ["copd", "asthma"], {}),
    ("Dixon", 2, dt.date(1960, 3, 15), None, ["copd"], {}),
    ("Evans", 3, dt.date(1945, 9, 1), None, ["dementia", "diabetes-type-2", "hypertension"], {"housebound": True}),
    ("Fox", 3, dt.date(1945, 8, 1), None, ["hypertension"], {}),
    ("Green", 1, dt.date(1970, 6, 20), dt.date(2025, 9, 10), ["asthma"], {}),
    ("Hughes", 1, dt.date(1970, 2, 20), dt.date(2025, 6, 30), ["hypertension"], {}),
    ("Irwin", 1, dt.date(1980, 6, 3), None, ["asthma"], {"care_status": "self_care"}),
    ("James", 2, dt.date(1955, 6, 3), None, ["copd"], {"offer_status": "declined"}),
    ("King", 1, dt.date(1960, 1, 1), dt.date(2025, 4, 1), ["asthma"], {}),
    ("Lewis", 1, dt.date(1990, 6, 1), None, [], {}),
    ("Moore", 1, dt.date(1950, 11, 1), dt.date(2025, 6, 1), ["schizophrenia"], {}),
]


def valid_numbers():
    n = 0
    while True:
        number = complete(f"99920{n:04d}")
        n += 1
        if number:
            yield number


@pytest.fixture
def register(vault):
    uuids = {}
    numbers = valid_numbers()
    for family, level, born, review, codes, extra in PEOPLE:
        form = PersonForm(nhs_number=next(numbers), given_name="Pat", family_name=family, date_of_birth=born,
                          level_of_need=level, next_review_date=review, conditions=[(c, None) for c in codes],
                          **extra)
        outcome = save_person(vault, form, today=TODAY)
        assert outcome.saved, outcome
        uuids[family] = outcome.patient_uuid
    return vault, uuids


def names(rows, uuids):
    by_uuid = {u: f for f, u in uuids.items()}
    return [by_uuid[r.uuid if hasattr(r, "uuid") else r] for r in rows]


def test_who_is_due_in_june(register):
    vault, uuids = register
    cohort = recall_cohort(vault, 2025, 6, today=TODAY)
    assert names(cohort.rows, uuids) == ["Adams", "Clarke", "Evans", "Hughes", "Lewis", "Moore"]
    assert names(cohort.self_care, uuids) == ["Irwin"]
    assert names(cohort.declined, uuids) == ["James"]
    assert names(cohort.overdue, uuids) == ["King"]
    rows = {names([r], uuids)[0]: r for r in cohort.rows}
    assert {n: r.due_because for n, r in rows.items()} == {
        "Adams": "birth month", "Clarke": "every 6 months (level 2)", "Evans": "every 3 months (level 3)",
        "Hughes": "review date", "Lewis": "birth month", "Moore": "review date"}
    assert {n: r.age for n, r in rows.items()} == {
        "Adams": 74, "Clarke": 64, "Evans": 79, "Hughes": 55, "Lewis": 35, "Moore": 74}
    assert {n: r.flags for n, r in rows.items() if r.flags} == {"Evans": ("home visit", "GP-led"),
                                                                "Moore": ("GP-led",)}
    evans = rows["Evans"]
    assert evans.conditions == ("Dementia", "Type 2 diabetes", "Hypertension")
    assert (evans.n_conditions, evans.level, evans.status, evans.appointment) == (3, 3, "to_invite", None)
    assert evans.name == "Pat Evans"


def test_groupings(register):
    vault, uuids = register
    cohort = recall_cohort(vault, 2025, 6, today=TODAY)
    assert [(g.key, names(g.patient_uuids, uuids)) for g in cohort.by_condition] == [
        ("diabetes-type-2", ["Adams", "Evans"]),
        ("copd", ["Clarke"]),
        ("asthma", ["Clarke"]),
        ("hypertension", ["Evans", "Hughes"]),
        ("dementia", ["Evans"]),
        ("schizophrenia", ["Moore"]),
    ]
    assert [(g.key, g.label, names(g.patient_uuids, uuids)) for g in cohort.by_count] == [
        ("0", "No conditions recorded", ["Lewis"]),
        ("1", "1 condition", ["Adams", "Hughes", "Moore"]),
        ("2", "2 conditions", ["Clarke"]),
        ("3+", "3 or more conditions", ["Evans"]),
    ]


def test_intervals_are_configurable(register):
    vault, uuids = register
    # level 3 every 4 months from September: Sep, Jan, May -> Evans is not due in June
    cohort = recall_cohort(vault, 2025, 6, today=TODAY, intervals={3: 4})
    assert names(cohort.rows, uuids) == ["Adams", "Clarke", "Hughes", "Lewis", "Moore"]
    # level 2 yearly: Clarke (December) drops out too
    cohort = recall_cohort(vault, 2025, 6, today=TODAY, intervals={2: 12, 3: 4})
    assert names(cohort.rows, uuids) == ["Adams", "Hughes", "Lewis", "Moore"]


def test_other_months(register):
    vault, uuids = register
    # September 2025: Green (review date), Dixon (Mar + 6), Evans (birth month); Moore's review date is June
    cohort = recall_cohort(vault, 2025, 9, today=TODAY)
    assert names(cohort.rows, uuids) == ["Dixon", "Evans", "Green"]
    # and by then Hughes (June) and Moore (June) are overdue with King (April)
    assert names(cohort.overdue, uuids) == ["Hughes", "King", "Moore"]


def test_cohort_uses_three_queries_whatever_the_size(register):
    vault, _ = register
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(vault.engine, "before_cursor_execute", listener)
    try:
        recall_cohort(vault, 2025, 6, today=TODAY)
    finally:
        event.remove(vault.engine, "before_cursor_execute", listener)
    assert len(statements) == 3


def test_invite_book_and_record_what_happened(register):
    vault, uuids = register
    assert record_invitations(vault, [uuids["Adams"], uuids["Clarke"]], 2025, 6, dt.date(2025, 5, 20)) == 2
    rows = {names([r], uuids)[0]: r for r in recall_cohort(vault, 2025, 6, today=TODAY).rows}
    assert {n: (r.status, r.invited_on) for n, r in rows.items() if r.status != "to_invite"} == {
        "Adams": ("invited", dt.date(2025, 5, 20)), "Clarke": ("invited", dt.date(2025, 5, 20))}

    audit_before = vault.count(AuditEvent)
    booked = book_appointments(vault, [uuids["Adams"], uuids["Evans"]], 2025, 6, dt.datetime(2025, 6, 10, 9, 0),
                               with_whom="Nora Nurse")
    # back-to-back double appointments; Evans is housebound, so a home visit
    assert [(b.starts_at, b.length_minutes, b.location, b.with_whom) for b in booked] == [
        (dt.datetime(2025, 6, 10, 9, 0), 40, "surgery", "Nora Nurse"),
        (dt.datetime(2025, 6, 10, 9, 40), 40, "home visit", "Nora Nurse")]
    with vault.reader() as session:
        ids = {p.uuid: p.id for p in session.scalars(select(Patient))}
        events = session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.patient_id,
                                        AuditEvent.record_uuid).where(AuditEvent.id > audit_before)).all()
        appointments = session.scalars(select(Appointment)).all()
        assert len(appointments) == 2
    adams, evans = ids[uuids["Adams"]], ids[uuids["Evans"]]
    # two appointments created; Adams's recall (from the invitation) changed; Evans's recall created
    assert sorted((a, e, p) for a, e, p, _ in events) == sorted([
        ("created", "appointment", adams), ("created", "appointment", evans),
        ("changed", "recall", adams), ("created", "recall", evans)])
    assert {r for a, e, _, r in events if e == "appointment"} == {b.uuid for b in booked}

    rows = {names([r], uuids)[0]: r for r in recall_cohort(vault, 2025, 6, today=TODAY).rows}
    assert rows["Adams"].status == "booked" and rows["Adams"].invited_on == dt.date(2025, 5, 20)
    assert rows["Adams"].appointment == booked[0]
    assert rows["Evans"].status == "booked" and rows["Evans"].appointment.location == "home visit"

    set_recall_status(vault, uuids["Adams"], 2025, 6, "did_not_attend", on=dt.date(2025, 6, 11))
    set_recall_status(vault, uuids["Evans"], 2025, 6, "seen")
    rows = {names([r], uuids)[0]: r for r in recall_cohort(vault, 2025, 6, today=TODAY).rows}
    # not attending does not claim a second invitation went out: they need one until it is made
    assert (rows["Adams"].status, rows["Adams"].second_invitation_on, rows["Adams"].appointment.status) == (
        "did_not_attend", None, "dna")
    assert rows["Adams"].needs_second_invitation and not rows["Evans"].needs_second_invitation
    assert (rows["Evans"].status, rows["Evans"].appointment.status) == ("seen", "attended")


def test_rebooking_cancels_the_earlier_appointment(register):
    vault, uuids = register
    first = book_appointments(vault, [uuids["Adams"]], 2025, 6, dt.datetime(2025, 6, 10, 9, 0))
    second = book_appointments(vault, [uuids["Adams"]], 2025, 6, dt.datetime(2025, 6, 24, 14, 0), location="phone")
    with vault.reader() as session:
        status = dict(session.execute(select(Appointment.uuid, Appointment.status)).all())
        recalls = session.scalars(select(Recall)).all()
    assert status == {first[0].uuid: "cancelled", second[0].uuid: "booked"}
    assert len(recalls) == 1 and recalls[0].status == "booked"


def test_a_selection_with_someone_missing_books_nobody(register):
    vault, uuids = register
    with pytest.raises(LookupError, match="1 of the selected people"):
        book_appointments(vault, [uuids["Adams"], "gone"], 2025, 6, dt.datetime(2025, 6, 10, 9, 0))
    assert vault.count(Appointment) == 0
    assert vault.count(Recall) == 0


def test_a_recalled_person_stays_in_the_month_even_if_their_review_date_moves(register):
    vault, uuids = register
    record_invitations(vault, [uuids["Fox"]], 2025, 6, dt.date(2025, 5, 20))  # not due by the rules
    cohort = recall_cohort(vault, 2025, 6, today=TODAY)
    fox = [r for r in cohort.rows if r.uuid == uuids["Fox"]]
    assert [(r.status, r.due_because) for r in fox] == [("invited", "recalled this month")]


def test_the_first_slot_proposed_from_christmas_week_is_a_working_day_when_the_clinic_opens():
    """Christmas Day 2026 is a Friday; Boxing Day falls on the Saturday, so its bank holiday is
    Monday 28 December. From Christmas Eve the next working day is Tuesday 29 December; for
    January 2027, New Year's Day is a Friday bank holiday, so Monday 4 January."""
    assert first_slot(2026, 12, dt.date(2026, 12, 24)) == dt.datetime(2026, 12, 29, 9, 0)
    assert first_slot(2026, 12, dt.date(2026, 12, 23)) == dt.datetime(2026, 12, 24, 9, 0)
    assert first_slot(2027, 1, dt.date(2026, 12, 24)) == dt.datetime(2027, 1, 4, 9, 0)
    assert first_slot(2025, 6, dt.date(2025, 6, 1)) == dt.datetime(2025, 6, 2, 9, 0)  # a Sunday: the Monday


def test_back_to_back_slots_stay_within_clinic_hours_and_skip_the_bank_holidays(register):
    """14 double appointments from 09:00 on Christmas Eve 2026: twelve fit by 17:00 (the last
    16:20 to 17:00); the other two go to Tuesday 29 December from 09:00."""
    vault, uuids = register
    people = list(uuids.values())
    slots = clinic_slots(dt.datetime(2026, 12, 24, 9, 0), 14, 40)
    assert slots[:12] == [dt.datetime(2026, 12, 24, 9, 0) + dt.timedelta(minutes=40 * i) for i in range(12)]
    assert slots[12:] == [dt.datetime(2026, 12, 29, 9, 0), dt.datetime(2026, 12, 29, 9, 40)]
    booked = book_appointments(vault, people[:2], 2026, 12, dt.datetime(2026, 12, 24, 16, 20))
    assert [a.starts_at for a in booked] == [dt.datetime(2026, 12, 24, 16, 20), dt.datetime(2026, 12, 29, 9, 0)]
