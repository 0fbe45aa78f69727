"""Lorna, Jack and James from the case studies (seed 000 and 002), built in full.

All synthetic. Their NHS numbers come from the range the NHS reserves for test data and are
the same in every demo vault (listed in the README) so anyone testing can find them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from careplan_desktop.models import (
    Action, BudgetLine, CarePlan, Carer, ConfidenceScore, Condition, ContingencyContact,
    ContingencyPlan, Equipment, Goal, InformationPrescription, Medication, Participant, Patient,
    PersonalHealthBudget, PlanVersion, Result, Risk, SelfCareAction, SharingConsent,
    SupportService, VersionStatus,
)

from careplan_desktop.domain.dates import add_months
from careplan_desktop.domain.reference import ReferenceData
from careplan_desktop.domain.working_days import next_working_day

LORNA_NHS = "9990000018"
JACK_NHS = "9990000026"
JAMES_NHS = "9990000034"
DEMO_NHS_NUMBERS = (LORNA_NHS, JACK_NHS, JAMES_NHS)


def _conditions(reference: ReferenceData, *codes_and_years: tuple[str, int]) -> list[Condition]:
    out = []
    for code, year in codes_and_years:
        kind = reference.condition(code)
        out.append(Condition(code=code, snomed_id=kind.snomed, display=kind.name, diagnosed_on=dt.date(year, 6, 1)))
    return out


def _draft(session: Session, patient: Patient, started: dt.date) -> PlanVersion:
    plan = CarePlan(patient_id=patient.id)
    session.add(plan)
    session.flush()
    version = PlanVersion(care_plan_id=plan.id, patient_id=patient.id, number=1, started_on=started)
    session.add(version)
    session.flush()
    return version


def _add_parts(session: Session, version: PlanVersion, parts: list) -> None:
    for position, part in enumerate(parts):
        part.plan_version = version
        part.position = position
    session.add_all(parts)
    session.flush()


def _agree(session: Session, version: PlanVersion, when: dt.date, person: str, clinician: str) -> None:
    version.status = VersionStatus.AGREED.value
    version.agreed_at = dt.datetime.combine(when, dt.time(11, 0))
    version.agreed_by_person = person
    version.agreed_by_clinician = clinician
    version.missing_at_agreement = []
    session.flush()


def add_lorna(session: Session, reference: ReferenceData, today: dt.date) -> Patient:
    lorna = Patient(
        nhs_number=LORNA_NHS, title="Mrs", given_name="Lorna", family_name="Baxter", preferred_name="Lorna",
        date_of_birth=dt.date(1948, 3, 14), birth_month=3, sex="female",
        address="14 Mill Lane, Ashby Green", postcode="ZZ99 4LB", phone="01632 960 114",
        gp_name="Dr Helen Shah", level_of_need=3, housebound=True, large_print=True,
        lead_professional="Andrea Clarke, community matron", offer_status="accepted",
        offer_date=today - dt.timedelta(days=480), offer_response_date=today - dt.timedelta(days=470),
        conditions=_conditions(reference, ("diabetes-type-2", 1998), ("osteoarthritis", 2015), ("heart-failure", 2022)),
        carers=[Carer(name="Susan Baxter", relationship_to_person="daughter", phone="07700 900 231",
                      involved_in_planning=True, receives_copy=True,
                      copy_consent_recorded_on=today - dt.timedelta(days=100))],
    )
    session.add(lorna)
    session.flush()
    session.add_all([
        Result(patient_id=lorna.id, code=c, value_text=t, value=v, value2=v2, unit=u, taken_on=today - dt.timedelta(days=d))
        for c, t, v, v2, u, d in (
            ("hba1c", "62", 62, None, "mmol/mol", 200), ("hba1c", "58", 58, None, "mmol/mol", 12),
            ("blood_pressure", "145/88", 145, 88, "mmHg", 200), ("blood_pressure", "138/82", 138, 82, "mmHg", 12),
            ("egfr", "55", 55, None, "mL/min/1.73m²", 200), ("egfr", "52", 52, None, "mL/min/1.73m²", 12),
            ("weight", "71.5", 71.5, None, "kg", 12), ("potassium", "4.4", 4.4, None, "mmol/L", 12),
            ("total_cholesterol", "4.6", 4.6, None, "mmol/L", 12),
        )
    ])
    agreed_on = today - dt.timedelta(days=85)  # agreed for 3 months: her review is due in a few days
    version = _draft(session, lorna, agreed_on)
    version.story_new = "I had skin cancer taken off my arm two years ago. My knees are worse this winter."
    version.story_good = "My daughter Susan comes every Sunday. I still cook my own dinner most days."
    version.story_tough = "The stairs, and getting out to the shops when my knees are bad."
    version.what_matters = "Staying in my own home, cooking for myself, and bingo with Pat on Thursdays."
    version.communication_preferences = "Large print please. Ring in the morning, not after 6pm."
    version.information_beforehand = "Results letter sent a week before the visit."
    version.purpose = "Case management to help Lorna stay independent at home, with a clear plan for hypos and arthritis flares."
    version.risk_discussion = "Lorna knows she may fall on the stairs at night; she chooses to stay upstairs and has a pendant alarm."
    version.carer_involvement = "Susan, her daughter, is her main carer and has full access to the plan."
    version.review_method = "home visit"
    version.review_date = next_working_day(add_months(agreed_on, 3))
    lorna.next_review_date = version.review_date
    _add_parts(session, version, [
        Goal(text="To stay living in my own home and cook my own meals.", addresses=["heart-failure", "osteoarthritis"]),
        Goal(text="To go to bingo every Thursday with my neighbour Pat.", addresses=["osteoarthritis"]),
        SelfCareAction(text="Check my blood sugar every morning and write it in my book."),
        SelfCareAction(text="Do my knee exercises after breakfast."),
        SupportService(name="Age UK befriending", kind="befriending", details="A weekly visit and a lift to bingo",
                       contact="01632 960 500"),
        InformationPrescription(topic="Hypos: what they are and what to do", source="Diabetes UK leaflet", given_on=agreed_on),
        Action(what="Order a perching stool for the kitchen", who="Andrea", due_on=next_working_day(agreed_on + dt.timedelta(days=30))),
        Action(what="Ask Pat about lifts to bingo", who="Lorna", due_on=next_working_day(agreed_on + dt.timedelta(days=14))),
        ContingencyPlan(
            warning_signs="Before a hypo I feel shaky, sweaty and muddled. Before an arthritis flare my knees swell and feel hot.",
            what_i_do="For a hypo: drink a small glass of orange juice, sit down and check my sugar again in 15 minutes. "
                      "For a flare: rest, take my paracetamol, and ring Andrea if it is not better in two days.",
            what_others_do="Susan: if I am muddled and cannot drink, ring 999.",
        ),
        ContingencyContact(name="Andrea Clarke, community matron", phone="01632 960 777", hours="Monday to Friday, 9am to 5pm",
                           when_to_call="A hypo, a flare that lasts two days, or my ankles swelling"),
        ContingencyContact(name="NHS 111", phone="111", hours="Any time, day or night", when_to_call="Evenings and weekends"),
        Risk(description="Falls on the stairs at night", agreed_approach="Pendant alarm; night light on the landing"),
        Medication(name="Metformin", dose="500 mg", when="Twice a day with breakfast and tea", purpose="Diabetes", colour="blue"),
        Medication(name="Bisoprolol", dose="2.5 mg", when="Every morning", purpose="Heart", colour="yellow"),
        Medication(name="Furosemide", dose="40 mg", when="Every morning", purpose="Water tablet for my heart", colour="red"),
        Medication(name="Paracetamol", dose="1 g", when="Up to four times a day", purpose="Knee pain", colour="white"),
        Equipment(name="Pendant alarm"), Equipment(name="Blood sugar meter"),
        Participant(name="Lorna Baxter", role="the person"),
        Participant(name="Susan Baxter", role="daughter and carer"),
        Participant(name="Andrea Clarke", role="community matron", is_lead=True),
        ConfidenceScore(score=6, recorded_on=agreed_on),
        SharingConsent(recipient="carer", consented=True, recorded_on=agreed_on),
        SharingConsent(recipient="gp_practice", consented=True, recorded_on=agreed_on),
        SharingConsent(recipient="out_of_hours", consented=True, recorded_on=agreed_on),
    ])
    _agree(session, version, agreed_on, "Lorna Baxter", "Andrea Clarke")
    return lorna


def add_jack(session: Session, reference: ReferenceData, today: dt.date) -> Patient:
    jack = Patient(
        nhs_number=JACK_NHS, title="Mr", given_name="Jack", family_name="Morrison", preferred_name="Jack",
        date_of_birth=dt.date(1971, 6, 20), birth_month=6, sex="male",
        address="3 Station Terrace, Ashby Green", postcode="ZZ99 2JM", phone="07700 900 412",
        gp_name="Dr Helen Shah", level_of_need=2, lead_professional="Kate Ellis, specialist respiratory nurse",
        offer_status="accepted", offer_date=today - dt.timedelta(days=30), offer_response_date=today - dt.timedelta(days=25),
        conditions=_conditions(reference, ("copd", 2019), ("depression", 2025)),
        carers=[Carer(name="Karen Morrison", relationship_to_person="wife", phone="07700 900 413", involved_in_planning=True)],
    )
    session.add(jack)
    session.flush()
    session.add_all([
        Result(patient_id=jack.id, code=c, value_text=t, value=v, value2=v2, unit=u, taken_on=today - dt.timedelta(days=d))
        for c, t, v, v2, u, d in (
            ("fev1", "2.1", 2.1, None, "litres", 380), ("fev1", "1.9", 1.9, None, "litres", 9),
            ("mrc_breathlessness", "3", 3, None, "grade", 9), ("smoking_status", "current smoker", None, None, "", 9),
            ("blood_pressure", "132/84", 132, 84, "mmHg", 9), ("weight", "88", 88, None, "kg", 9),
            ("inhaler_technique", "needs work", None, None, "", 9),
        )
    ])
    version = _draft(session, jack, today - dt.timedelta(days=2))
    version.story_new = "I retired in the spring. I have not been out much since."
    version.story_good = "Karen and our daughter Ellie, she is 13."
    version.story_tough = "Getting breathless on the stairs. Feeling low most days."
    version.what_matters = "Getting out more and playing golf again with my mates."
    version.purpose = "Annual COPD review as a care planning conversation."
    _add_parts(session, version, [
        Goal(text="Get out more and play nine holes of golf with my mates by the summer.", addresses=["copd", "depression"]),
        Goal(text="Stop smoking for good.", addresses=["copd"]),
        SupportService(name="Talking therapies (CBT)", kind="NHS service", details="Referral for low mood"),
        SupportService(name="Stop smoking clinic", kind="NHS service"),
        SupportService(name="Breathe Easy peer support group", kind="peer support", details="Tuesdays at the library"),
        Action(what="Change to the new inhaler and check technique", who="Kate", due_on=next_working_day(today + dt.timedelta(days=14))),
    ])
    return jack


def add_james(session: Session, reference: ReferenceData, today: dt.date) -> Patient:
    james = Patient(
        nhs_number=JAMES_NHS, title="Mr", given_name="James", family_name="Okafor", preferred_name="James",
        date_of_birth=dt.date(2000, 9, 5), birth_month=9, sex="male",
        address="Flat 2, 8 Orchard Court, Ashby Green", postcode="ZZ99 7JO", phone="07700 900 655",
        gp_name="Dr Tom Reid", level_of_need=3, lead_professional="Priya Nair, case manager",
        offer_status="accepted", offer_date=today - dt.timedelta(days=200), offer_response_date=today - dt.timedelta(days=190),
        conditions=_conditions(reference, ("spinal-cord-injury", 2021)),
    )
    session.add(james)
    session.flush()
    session.add_all([
        Result(patient_id=james.id, code="blood_pressure", value_text="112/70", value=112, value2=70, unit="mmHg",
               taken_on=today - dt.timedelta(days=60)),
        Result(patient_id=james.id, code="weight", value_text="74", value=74, unit="kg", taken_on=today - dt.timedelta(days=60)),
    ])
    agreed_on = today - dt.timedelta(days=60)
    version = _draft(session, james, agreed_on)
    version.what_matters = "Being independent, and having the energy to see my friends in the evening."
    version.purpose = "Case management with a personal health budget."
    version.review_method = "face to face"
    version.review_date = next_working_day(add_months(agreed_on, 6))
    james.next_review_date = version.review_date
    _add_parts(session, version, [
        Goal(text="Being able to tolerate 12-14 hours per day in my wheelchair without being too tired."),
        SelfCareAction(text="Rowing machine three times a week."),
        SelfCareAction(text="Leg bike five times a week."),
        SelfCareAction(text="Keep to my sleep routine: in bed by 11pm."),
        SupportService(name="Community physiotherapy", kind="NHS service"),
        SupportService(name="Personal assistant", kind="personal health budget", details="Mornings and evenings"),
        Participant(name="James Okafor", role="the person"),
        Participant(name="Priya Nair", role="case manager", is_lead=True),
        PersonalHealthBudget(amount_pence=2_400_000, management="direct payment"),
        BudgetLine(category="personal assistant", description="Personal assistants, with insurance and training", amount_pence=1_850_000),
        BudgetLine(category="service", description="Physiotherapy sessions", amount_pence=240_000),
        BudgetLine(category="equipment", description="Rowing machine (one-off)", amount_pence=90_000),
        BudgetLine(category="contingency", description="Cover when a personal assistant is ill", amount_pence=120_000),
        ConfidenceScore(score=7, recorded_on=agreed_on),
        SharingConsent(recipient="gp_practice", consented=True, recorded_on=agreed_on),
    ])
    _agree(session, version, agreed_on, "James Okafor", "Priya Nair")
    return james


def add_demo_people(session: Session, reference: ReferenceData, today: dt.date) -> None:
    add_lorna(session, reference, today)
    add_jack(session, reference, today)
    add_james(session, reference, today)
