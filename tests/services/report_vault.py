"""A vault with known numbers for the report tests (issue 15): twelve people imported from a
CSV, then offers, plans agreed on pinned days, reviews on time and late, carers and copies,
information prescriptions, services taken up and refused, goals with themes and unmet needs,
written straight into the vault with their dates (the services stamp today's).

The people, and what each is for (the period is the second quarter of 2026, 01/04 to 30/06):

    P1  Ada Allen    diabetes                  plan 2025-06-01 (review due 2026-06-01), v2 agreed 2026-05-25 (on time)
    P2  Ben Hale     COPD, hypertension        first plan 2026-04-10 (letter 10 days before), left for self-care 2026-06-20
    P3  Cara Dunn    diabetes, hypertension    plan 2025-04-20 (due 2026-04-20), reviewed late 2026-06-10
    P4  Dan Eve      diabetes                  declined
    P5  Eve Ford     COPD                      offered, no answer
    P6  Finn Gray    diabetes, COPD, hypert.   plan 2025-05-15 (due 2026-05-15), never reviewed: overdue
    P7  Gail Hunt    hypertension              joined 2026-07-02, after the period
    P8  Hal Ives     diabetes                  first plan 2026-04-15 (letter 14 days before), died 2026-05-10
    P9  Ian Jones    COPD                      not offered; moved away 2026-08-01, after the period
    P10 Jo King      diabetes                  joined 2026-05-20; first plan 2026-06-05 (letter 14 days before)
    P11 Kit Lane     diabetes                  plan 2025-03-01 (due 2026-03-01, before the period): overdue
    P12 Lee Moss     COPD                      plan 2025-02-01 (due 2026-02-01): overdue
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select, update

from careplan_desktop.domain.nhs_number import complete
from careplan_desktop.models import (
    AuditEvent, CarePlan, Carer, ConfidenceScore, Goal, InformationPrescription, LetterLog, Patient, PlanVersion,
    PrintLog, Review, SupportService, UnmetNeed, record_event,
)
from careplan_desktop.services.register.import_rows import guess_mapping, read_headers
from careplan_desktop.services.register.importing import import_register

TODAY = dt.date(2026, 7, 15)  # "last quarter" is then 01/04/2026 to 30/06/2026
PEOPLE = [  # given, family, conditions, level
    ("Ada", "Allen", "Type 2 diabetes", 1), ("Ben", "Hale", "COPD; Hypertension", 2),
    ("Cara", "Dunn", "Type 2 diabetes; Hypertension", 3), ("Dan", "Eve", "Type 2 diabetes", 1),
    ("Eve", "Ford", "COPD", 1), ("Finn", "Gray", "Type 2 diabetes; COPD; Hypertension", 2),
    ("Gail", "Hunt", "Hypertension", 1), ("Hal", "Ives", "Type 2 diabetes", 2), ("Ian", "Jones", "COPD", 1),
    ("Jo", "King", "Type 2 diabetes", 1), ("Kit", "Lane", "Type 2 diabetes", 1), ("Lee", "Moss", "COPD", 1),
]
NHS = [complete(f"94{n:07d}") or complete(f"95{n:07d}") for n in range(101, 113)]
BIRTHS = [dt.date(1940 + n, 1 + n % 12, 3 + n) for n in range(12)]


def write_csv(path: Path) -> Path:
    lines = ["NHS Number,Forename,Surname,Date of Birth,Problems,Level"]
    for nhs, born, (given, family, problems, level) in zip(NHS, BIRTHS, PEOPLE):
        lines.append(f"{nhs},{given},{family},{born:%d/%m/%Y},{problems},{level}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour)


class Builder:
    def __init__(self, session) -> None:
        self.s = session
        self.ids = {n: session.scalar(select(Patient.id).where(Patient.nhs_number == NHS[n - 1])) for n in range(1, 13)}
        self.people = {n: session.get(Patient, self.ids[n]) for n in self.ids}

    def plan(self, n: int, agreed: str, review: str | None, *, number: int = 1, missing=(), warnings=(), score=None,
             goals=(), info=(), support=(), unmet=(), previous: PlanVersion | None = None) -> PlanVersion:
        patient = self.people[n]
        care_plan = previous.care_plan if previous else CarePlan(patient_id=patient.id)
        version = PlanVersion(care_plan=care_plan, patient_id=patient.id, number=number, status="draft",
                              review_date=dt.date.fromisoformat(review) if review else None)
        self.s.add(version)
        parts = [Goal(plan_version=version, text=text, theme=theme, status=status) for text, theme, status in goals]
        parts += [InformationPrescription(plan_version=version, topic=topic, given_on=dt.date.fromisoformat(agreed),
                                          method=method, recipient=recipient) for topic, method, recipient in info]
        parts += [SupportService(plan_version=version, name=name, status=status) for name, status in support]
        parts += [UnmetNeed(plan_version=version, need=need, theme=theme) for need, theme in unmet]
        if score is not None:
            parts.append(ConfidenceScore(plan_version=version, score=score, recorded_on=dt.date.fromisoformat(agreed)))
        self.s.add_all(parts)
        self.s.flush()
        if previous is not None:
            previous.status = "superseded"
        version.status, version.agreed_at, version.missing_at_agreement = "agreed", at(agreed), list(missing)
        version.agreed_by_person, version.agreed_by_clinician = patient.given_name, "Nora Nurse"
        record_event(self.s, "agreed", "plan_version", version.uuid, patient.id,
                     {"missing": list(missing), "warnings": list(warnings)})
        if review:
            patient.next_review_date = dt.date.fromisoformat(review)
        self.s.flush()
        return version

    def build(self) -> None:
        p = self.people
        for n, status in ((1, "accepted"), (2, "accepted"), (3, "accepted"), (4, "declined"), (5, "offered"),
                          (6, "accepted"), (10, "accepted"), (11, "accepted"), (12, "accepted"), (8, "accepted")):
            p[n].offer_status = status
        p[1].large_print = True
        p[3].large_print, p[3].interpreter_language = True, "Polish"
        p[5].bsl = True
        p[8].register_status, p[8].register_status_on = "died", dt.date(2026, 5, 10)
        p[9].register_status, p[9].register_status_on = "moved_away", dt.date(2026, 8, 1)
        bob = Carer(patient=p[1], name="Bob Allen", receives_copy=True)
        self.s.add_all([bob, Carer(patient=p[3], name="Sue Dunn"), Carer(patient=p[8], name="Val Ives")])
        self.s.flush()

        v1 = self.plan(1, "2025-06-01", "2026-06-01", score=4, goals=[("Get a job", "work and money", "active")],
                       support=[("Walking group", "offered")])
        v2 = self.plan(1, "2026-05-25", "2027-05-25", number=2, previous=v1, score=7,
                       goals=[("Walk to the shops", "getting out and about", "active"),
                              ("Keep my sugars steady", "managing my condition", "active")],
                       info=[("Hypos", "directly", "the person"), ("Foot care", "posted", "the carer")],
                       support=[("Walking group", "taken up"), ("Expert patient programme", "refused")],
                       unmet=[("Transport to the day centre", "getting out and about")])
        self.s.add(PrintLog(patient_id=p[1].id, plan_version_uuid=v2.uuid, given_to="person", given_at=at("2026-05-27")))
        self.s.add(PrintLog(patient_id=p[1].id, plan_version_uuid=v2.uuid, given_to="carer", carer_uuid=bob.uuid,
                            given_at=at("2026-05-26")))
        v = self.plan(2, "2026-04-10", "2027-04-10", missing=["contingency", "actions"], warnings=["reads_like_service"],
                      goals=[("Get back to bowls", "getting out and about", "active")],
                      info=[("Inhaler technique", "electronic", "the person")], support=[("Pulmonary rehab", "refused")],
                      unmet=[("Help with bills", "work and money")])
        self.s.add(PrintLog(patient_id=p[2].id, plan_version_uuid=v.uuid, given_to="person", given_at=at("2026-04-20")))
        self.s.add(LetterLog(patient_id=p[2].id, sent_at=at("2026-03-31")))
        self.s.add(Review(patient_id=p[2].id, plan_version_uuid=v.uuid, reviewed_on=dt.date(2026, 6, 20), outcome="exited"))
        p[2].care_status = "self_care"
        v = self.plan(3, "2025-04-20", "2026-04-20", goals=[("Stay in my own home", "staying independent", "active"),
                                                            ("An old goal", "other", "no longer wanted")],
                      info=[("Diet", "directly", "the person")], support=[("Walking group", "taken up")])
        self.s.add(PrintLog(patient_id=p[3].id, plan_version_uuid=v.uuid, given_to="carer", given_at=at("2025-04-21")))
        self.s.add(Review(patient_id=p[3].id, plan_version_uuid=v.uuid, reviewed_on=dt.date(2026, 6, 10),
                          outcome="continued", next_review_date=dt.date(2026, 9, 10)))
        p[3].next_review_date = dt.date(2026, 9, 10)
        self.plan(6, "2025-05-15", "2026-05-15", support=[("Befriending", "offered")])
        v = self.plan(8, "2026-04-15", "2027-04-15", missing=["review"])
        self.s.add(LetterLog(patient_id=p[8].id, sent_at=at("2026-04-01")))
        v = self.plan(10, "2026-06-05", "2026-12-05", missing=["budget"], warnings=["goals_copied", "reads_like_service"],
                      goals=[("Feel less low", "mood and wellbeing", "active"), ("Sleep better", None, "active")],
                      info=[("Hypos", "pharmacy", None)], unmet=[("Lift to the shops", "getting out and about")])
        self.s.add(LetterLog(patient_id=p[10].id, sent_at=at("2026-05-22")))
        self.s.add(PrintLog(patient_id=p[10].id, plan_version_uuid=v.uuid, given_to="person", given_at=at("2026-06-05", 11)))
        self.plan(11, "2025-03-01", "2026-03-01")
        self.plan(12, "2025-02-01", "2026-02-01")
        self.s.flush()
        # joined: the day each record was added (its "created" audit row)
        joined = {n: at("2025-01-10") for n in self.ids}
        joined[10], joined[7] = at("2026-05-20"), at("2026-07-02")
        for n, when in joined.items():
            self.s.execute(update(AuditEvent).where(AuditEvent.patient_id == self.ids[n], AuditEvent.entity == "patient",
                                                    AuditEvent.action == "created").values(at=when))


def build_report_vault(vault, folder: Path) -> dict[int, str]:
    """Fill `vault` (signed in as a clinician); returns each person's uuid by number (1-12)."""
    csv = write_csv(folder / "register.csv")
    report = import_register(vault, csv, guess_mapping(read_headers(csv)), today=TODAY)
    assert report.imported == 12, report
    with vault.transaction() as session:
        builder = Builder(session)
        builder.build()
        return {n: patient.uuid for n, patient in builder.people.items()}
