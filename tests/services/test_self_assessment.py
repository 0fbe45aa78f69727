"""Issue 15 §3: the practice self-assessment. Completed with the figures from the records kept in
it, never changed after; the next one starts from the last answers and says what changed; the
figures beside the questions are the counts worked out by hand below. Dates are pinned."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.models import (
    AuditEvent, CarePlan, Carer, CompletedAssessmentError, DirectoryEntry, Patient, PlanVersion, PrintLog, Review,
    SelfAssessment, new_uuid,
)
from careplan_desktop.services.self_assessment.assessments import (
    AssessmentProblem, complete_assessment, delete_draft, latest_completed, list_assessments, load_assessment,
    open_draft, save_answers, start_assessment,
)
from careplan_desktop.services.self_assessment.evidence import count_evidence, evidence_today
from careplan_desktop.services.self_assessment.toolkit import toolkit
from careplan_desktop.services.staff.roles import NotAllowed
from careplan_desktop.store import Vault
from tests.conftest import TEST_PASSPHRASE

TODAY = dt.date(2026, 6, 15)
NEXT_YEAR = dt.date(2027, 6, 14)


def _person(session, nhs: str, *, offer="not_offered", offered_on=None, lead=None, care="active", route=None,
            status="active") -> Patient:
    person = Patient(nhs_number=nhs, given_name="Test", family_name=nhs[-3:], date_of_birth=dt.date(1950, 1, 1),
                     birth_month=1, offer_status=offer, offer_date=offered_on, lead_professional=lead,
                     care_status=care, route_back=route, register_status=status)
    session.add(person)
    session.flush()
    return person


def _agreed(session, person: Patient, *, review_date, agreed_on, missing, end_of_life=None) -> PlanVersion:
    plan = CarePlan(patient_id=person.id)
    session.add(plan)
    session.flush()
    version = PlanVersion(uuid=new_uuid(), care_plan_id=plan.id, patient_id=person.id, status="agreed",
                          review_date=review_date, agreed_at=dt.datetime.combine(agreed_on, dt.time(10)),
                          missing_at_agreement=missing, end_of_life_preferences=end_of_life)
    session.add(version)
    session.flush()
    return version


def _review(session, person, version, on) -> None:
    session.add(Review(patient_id=person.id, plan_version_uuid=version.uuid, reviewed_on=on, outcome="continued"))


def build_known_practice(vault: Vault) -> None:
    """Four people on the register and one who has died; what each counts for is beside them."""
    with vault.transaction() as session:
        # on the register, offered in the year, a lead, an agreed plan with end-of-life wishes and all
        # nine elements, a carer with a copy, a printed copy given to them
        p1 = _person(session, "9990000101", offer="accepted", offered_on=dt.date(2026, 3, 1), lead="Nora Hughes")
        v1 = _agreed(session, p1, review_date=dt.date(2026, 1, 10), agreed_on=dt.date(2025, 12, 1), missing=[],
                     end_of_life="At home, with my daughter")
        session.add(Carer(patient_id=p1.id, name="Carer One", receives_copy=True))
        session.add(PrintLog(patient_id=p1.id, plan_version_uuid=v1.uuid, given_to="person",
                             given_at=dt.datetime(2025, 12, 1, 11)))
        # offered exactly a year ago (not "in the last 12 months"), a blank lead, a plan agreed with an
        # element missing, a carer without a copy, a copy given only to the carer
        p2 = _person(session, "9990000102", offer="accepted", offered_on=dt.date(2025, 6, 15), lead="  ")
        v2 = _agreed(session, p2, review_date=dt.date(2026, 2, 1), agreed_on=dt.date(2026, 1, 5),
                     missing=["contingency"])
        session.add(Carer(patient_id=p2.id, name="Carer Two", receives_copy=False))
        session.add(PrintLog(patient_id=p2.id, plan_version_uuid=v2.uuid, given_to="carer",
                             given_at=dt.datetime(2026, 1, 5, 11)))
        # never offered; self-care with a route back
        _person(session, "9990000103", care="self_care", route="Phone the surgery and ask for Nora")
        # declined today (in the year); self-care with no route back written
        _person(session, "9990000104", offer="declined", offered_on=TODAY, care="self_care")
        # died: counted in none of the people figures; plan agreed over a year ago
        p5 = _person(session, "9990000105", offer="accepted", offered_on=dt.date(2026, 2, 1), lead="Dr Shah",
                     status="died")
        v5 = _agreed(session, p5, review_date=None, agreed_on=dt.date(2025, 5, 1), missing=[])
        # reviews: due 10 Jan, done 7 Feb (four weeks to the day: on time); due 1 Feb, done 2 Mar (a day
        # late) and again today (late); a year and five days ago (outside); one of a version with no date due
        _review(session, p1, v1, dt.date(2026, 2, 7))
        _review(session, p2, v2, dt.date(2026, 3, 2))
        _review(session, p2, v2, TODAY)
        _review(session, p1, v1, dt.date(2025, 6, 10))
        _review(session, p5, v5, dt.date(2026, 4, 1))
        session.add_all([DirectoryEntry(name="Breathe Easy", kind="peer support"),
                         DirectoryEntry(name="Walking group", kind="exercise"),
                         DirectoryEntry(name="Closed befriending", kind="befriending", active=False)])


@pytest.fixture
def practice(vault: Vault) -> Vault:
    build_known_practice(vault)
    return vault


def answer_all(vault: Vault, uuid: str, rating: str = "partly") -> None:
    assessment = load_assessment(vault, uuid)
    save_answers(vault, uuid, [dataclasses.replace(a.as_input(), rating=rating) for a in assessment.answers])


def test_the_toolkit_has_the_seven_stages_and_thirty_three_questions_of_figure_7():
    sections = toolkit()
    assert [s.title for s in sections] == ["Entry", "Assessment", "Development of the care plan", "Implementation",
                                           "Review", "Exit and re-entry", "Over-arching elements and principles"]
    assert [len(s.questions) for s in sections] == [3, 5, 10, 2, 2, 2, 9]
    assert sections[1].questions[0].text == "Is a key worker identified for each individual?"


def test_the_figures_are_the_counts_worked_out_by_hand(practice: Vault):
    with practice.reader() as session:
        counts = count_evidence(session, TODAY)
    assert counts == {
        "on_register": (4, None), "offered": (2, 4), "key_worker": (1, 4), "agreed_plan": (2, 4),
        "carer_copy": (1, 2), "plan_given": (1, 2), "all_elements": (1, 2), "reviews_on_time": (1, 3),
        "self_care_route": (1, 2), "end_of_life": (1, 2), "directory": (2, None),
    }
    texts = {f.key: f.text for f in evidence_today(practice, TODAY)}
    assert texts["offered"] == ("2 of 4 people on the register (50%) have been offered care planning "
                                "in the last 12 months.")
    assert texts["reviews_on_time"] == ("1 of 3 reviews done in the last 12 months (33%) were on time "
                                        "(within four weeks of the date due).")
    assert texts["on_register"] == "4 people are on the long-term-condition register."


def test_an_empty_vault_says_there_is_nobody_rather_than_a_percentage(vault: Vault):
    texts = {f.key: f.text for f in evidence_today(vault, TODAY)}
    assert texts["offered"] == "Nobody is on the register yet, so nobody can have been offered care planning."
    assert "%" not in " ".join(texts.values())


def test_a_completed_assessment_keeps_its_figures_and_never_changes(practice: Vault):
    draft = start_assessment(practice, TODAY)
    assert len(draft.answers) == 33 and all(a.rating is None for a in draft.answers)
    assert draft.started_from_uuid is None and draft.started_by == "Nora Nurse"
    with pytest.raises(AssessmentProblem, match="33 questions are not answered yet"):
        complete_assessment(practice, draft.uuid, TODAY)

    first = draft.answers[0]
    save_answers(practice, draft.uuid, [dataclasses.replace(first.as_input(), rating="partly",
                                                            action="Search the records for people not coded")],
                 taking_part="Dr Shah, Nora Hughes, Sam Porter")
    answer_all_but_first = [dataclasses.replace(a.as_input(), rating="yes") for a in draft.answers[1:]]
    save_answers(practice, draft.uuid, answer_all_but_first)
    with pytest.raises(AssessmentProblem, match="question 1 needs who will do it and by when"):
        complete_assessment(practice, draft.uuid, TODAY)
    save_answers(practice, draft.uuid, [dataclasses.replace(
        load_assessment(practice, draft.uuid).answers[0].as_input(), action_by="Sam Porter",
        action_due=dt.date(2026, 9, 30))])

    done = complete_assessment(practice, draft.uuid, TODAY)
    assert done.is_completed and done.completed_by == "Nora Nurse" and done.completed_by_role == "practice nurse"
    assert done.evidence_on == TODAY
    assert {f.key: (f.count, f.total) for f in done.evidence}["agreed_plan"] == (2, 4)
    assert (done.count("yes"), done.count("partly"), done.count("no")) == (32, 1, 0)

    # the records change afterwards: a new person on the register, given an agreed plan
    with practice.transaction() as session:
        newcomer = _person(session, "9990000106", offer="accepted", offered_on=TODAY)
        _agreed(session, newcomer, review_date=None, agreed_on=TODAY, missing=[])
    again = load_assessment(practice, draft.uuid)
    assert again == done  # the figures kept at completion, the answers as they were
    assert {f.key: (f.count, f.total) for f in evidence_today(practice, TODAY)}["agreed_plan"] == (3, 5)

    with pytest.raises(AssessmentProblem, match="completed and cannot be changed"):
        save_answers(practice, draft.uuid, [dataclasses.replace(first.as_input(), rating="no")])
    with pytest.raises(CompletedAssessmentError):  # nor by any other writer
        with practice.transaction() as session:
            session.scalar(select(SelfAssessment)).answers[0].rating = "no"
    with pytest.raises(AssessmentProblem, match="kept"):
        delete_draft(practice, draft.uuid)
    assert load_assessment(practice, draft.uuid) == done
    with practice.reader() as session:  # every step audited, as the practice's record (no person)
        events = session.scalars(select(AuditEvent).where(AuditEvent.entity == "self_assessment")).all()
        # started; who took part written; completed (the answers' own rows are audited on their own)
        assert [e.action for e in events] == ["created", "changed", "changed"]
        assert events[2].details == {"fields": ["completed_at", "completed_by", "completed_by_role", "evidence",
                                                "status"], "revision": 3}  # created 1, who took part 2
        answered = session.scalars(select(AuditEvent).where(AuditEvent.entity == "self_assessment_answer")).all()
        assert len(answered) == 33 + 1 + 32 + 1  # made at the start, then each answer saved (the first twice)
        assert all(e.patient_id is None for e in events + answered)


def test_the_next_one_starts_from_the_last_answers_and_says_what_changed(practice: Vault):
    first = start_assessment(practice, TODAY)
    answer_all(practice, first.uuid, "partly")
    save_answers(practice, first.uuid, [dataclasses.replace(first.answers[3].as_input(), rating="no",
                                                            notes="Only half have a named lead",
                                                            action="Name a lead for everyone",
                                                            action_by="Nora Hughes", action_due=dt.date(2026, 12, 1))],
                 taking_part="Dr Shah, Nora Hughes")
    completed = complete_assessment(practice, first.uuid, TODAY)

    second = start_assessment(practice, NEXT_YEAR)
    assert second.started_from_uuid == completed.uuid and second.started_from_date == TODAY
    assert second.assessed_on == NEXT_YEAR and second.status == "draft" and second.taking_part == "Dr Shah, Nora Hughes"
    assert [a.rating for a in second.answers] == [a.rating for a in completed.answers]
    key_worker = second.answers[3]
    assert (key_worker.question_key, key_worker.rating, key_worker.notes, key_worker.action, key_worker.action_by,
            key_worker.action_due) == ("assessment.key_worker", "no", "Only half have a named lead",
                                       "Name a lead for everyone", "Nora Hughes", dt.date(2026, 12, 1))
    assert second.changed == 0
    with pytest.raises(AssessmentProblem, match="already being filled in"):
        start_assessment(practice, NEXT_YEAR)

    changed = save_answers(practice, second.uuid, [dataclasses.replace(key_worker.as_input(), rating="yes",
                                                                       action="", action_by="", action_due=None)])
    assert changed.changed == 1 and changed.answers[3].previous == "no" and changed.answers[3].changed
    assert open_draft(practice).uuid == second.uuid
    assert load_assessment(practice, completed.uuid) == completed  # the last one untouched
    complete_assessment(practice, second.uuid, NEXT_YEAR)
    assert latest_completed(practice).uuid == second.uuid
    assert latest_completed(practice, on_or_before=dt.date(2026, 12, 31)).uuid == completed.uuid
    listed = list_assessments(practice)
    assert [(p.assessed_on, p.status, p.yes, p.partly, p.no) for p in listed] == [
        (NEXT_YEAR, "completed", 1, 32, 0), (TODAY, "completed", 0, 32, 1)]


def test_a_blank_start_and_throwing_a_draft_away(practice: Vault):
    first = start_assessment(practice, TODAY)
    answer_all(practice, first.uuid, "yes")
    complete_assessment(practice, first.uuid, TODAY)
    blank = start_assessment(practice, NEXT_YEAR, from_last=False)
    assert blank.started_from_uuid is None and all(a.rating is None for a in blank.answers)
    delete_draft(practice, blank.uuid)
    assert open_draft(practice) is None and len(list_assessments(practice)) == 1


def test_a_healthcare_assistant_may_read_but_not_answer_for_the_practice(practice: Vault, tmp_path: Path):
    draft = start_assessment(practice, TODAY)
    assistant = Vault.create(tmp_path / "hca" / "v.vault", TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Dev Mistry",
                             user_role="healthcare assistant", device_name="Test PC")
    try:
        with pytest.raises(NotAllowed, match="administrator .* or a clinician"):
            start_assessment(assistant, TODAY)
    finally:
        assistant.lock()
    assert load_assessment(practice, draft.uuid).uuid == draft.uuid
