"""Demo vaults: Lorna, Jack and James plus N synthetic people with realistic condition mixes.

Synthetic people are written with set-based inserts (50,000 people in seconds) and one audit
event describing the whole action; Lorna, Jack and James go through the ORM with full audit.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select

from careplan_desktop.models import Appointment, Condition, Patient, Recall, Result, new_uuid, record_event, utcnow
from careplan_desktop.store import Vault

from careplan_desktop.domain.dates import add_months
from careplan_desktop.services.demo.case_studies import DEMO_NHS_NUMBERS, add_demo_people
from careplan_desktop.services.practice.details import keep_practice
from careplan_desktop.services.practice.values import DAYS, PracticeSettings
from careplan_desktop.domain.nhs_number import complete
from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.domain.working_days import next_working_day

DEMO_PASSPHRASE = "demo passphrase for testing"

GIVEN_FEMALE = ("Margaret Susan Patricia Linda Barbara Elizabeth Jean Christine Carol Janet Ann Pauline Sandra "
                "Maureen Brenda Sheila Irene Joan Doreen Valerie Gillian Helen Alison Karen Julie Sarah Claire "
                "Emma Nicola Rachel Amina Priya Fatima Aisha Grace Ruth Hannah Megan Zoe Sophie").split()
GIVEN_MALE = ("John David Michael Peter Robert James William Brian Richard Alan Ian Stephen Paul Anthony Kenneth "
              "Keith Trevor Graham Colin Derek Barry Gary Mark Andrew Neil Simon Darren Lee Craig Tariq Mohammed "
              "Rajesh Arjun Tomasz Daniel Thomas Ryan Liam Callum").split()
FAMILY = ("Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
          "Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis Harris Martin Cooper King Lee Turner Hill "
          "Ward Baker Morris Moore Clark Watson Hughes Edwards Parker Bennett Carter Shaw Mitchell Ahmed Begum "
          "Nowak Kowalski Murphy Kelly Campbell Stewart Scott Reid Fraser Graham Dixon Hunt Palmer Mills Fox "
          "Rose Webb Marshall Owen Lloyd Price Barker Hodgson Atkinson Pearson Holmes Dawson Chapman").split()
STREETS = "Church Lane,High Street,Station Road,Park Avenue,Mill Lane,Orchard Way,Victoria Road,The Green".split(",")
GPS = ("Dr Helen Shah", "Dr Tom Reid", "Dr Aisha Malik", "Dr Peter Grant")
LEADS = ("Andrea Clarke, community matron", "Kate Ellis, specialist respiratory nurse", "Nora Hughes, practice nurse",
         "Dr Helen Shah")

# (catalogue code, prevalence among people on an LTC register, extra weight with age)
MIX = (
    ("hypertension", 0.45, 0.6), ("diabetes-type-2", 0.22, 0.3), ("osteoarthritis", 0.2, 0.6),
    ("depression", 0.18, -0.3), ("asthma", 0.14, -0.4), ("coronary-heart-disease", 0.1, 0.6),
    ("chronic-kidney-disease", 0.1, 0.7), ("copd", 0.08, 0.4), ("atrial-fibrillation", 0.06, 0.8),
    ("heart-failure", 0.04, 0.9), ("stroke", 0.03, 0.7), ("tia", 0.02, 0.6), ("rheumatoid-arthritis", 0.02, 0.2),
    ("dementia", 0.025, 1.5), ("epilepsy", 0.01, -0.3), ("diabetes-type-1", 0.01, -0.5), ("schizophrenia", 0.005, -0.3),
    ("bipolar-disorder", 0.005, -0.3),
)


@dataclass(frozen=True)
class DemoSummary:
    people: int
    conditions: int
    results: int
    appointments: int


def _synthetic_numbers(count: int) -> list[str]:
    """NHS test-range numbers (999...) after the three demo people's, each with its check digit."""
    numbers: list[str] = []
    serial = 100
    while len(numbers) < count:
        number = complete(f"999{serial:06d}")
        serial += 1
        if number and number not in DEMO_NHS_NUMBERS:
            numbers.append(number)
    return numbers


def _person_rng(seed: int, index: int) -> random.Random:
    """Each made-up person draws from their own generator, so who they are (name, age, conditions,
    level, flags) depends only on the seed and their place in the list, never on the date: whether
    an earlier person is due this month, and so draws results and a booking, changes nobody else."""
    return random.Random(f"careplan demo {seed}/{index}")  # a str seed is hashed the same in every run


# 40-minute appointments on a 20-minute grid that end within a clinic session (09:00-12:00, 14:00-17:00)
APPOINTMENT_MINUTES = 40
CLINIC_SESSIONS = ((dt.time(9, 0), dt.time(12, 0)), (dt.time(14, 0), dt.time(17, 0)))


def _clinic_slots() -> tuple[dt.time, ...]:
    slots = []
    for opens, closes in CLINIC_SESSIONS:
        start = dt.datetime.combine(dt.date.min, opens)
        while start + dt.timedelta(minutes=APPOINTMENT_MINUTES) <= dt.datetime.combine(dt.date.min, closes):
            slots.append(start.time())
            start += dt.timedelta(minutes=20)
    return tuple(slots)


CLINIC_SLOTS = _clinic_slots()


def add_synthetic_people(vault: Vault, count: int, seed: int, today: dt.date) -> DemoSummary:
    reference = load_reference_data()
    kinds = {code: reference.condition(code) for code, _, _ in MIX}
    patients, conditions, results, appointments, recalls = [], [], [], [], []
    uuids = [new_uuid() for _ in range(count)]
    for index, number in enumerate(_synthetic_numbers(count)):
        rng = _person_rng(seed, index)
        age = min(98, max(19, int(rng.triangular(20, 98, 72))))
        born = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        female = rng.random() < 0.52
        old = (age - 60) / 40
        codes = [code for code, base, age_weight in MIX if rng.random() < base * max(0.1, 1 + age_weight * old)]
        if not codes:
            codes = [rng.choice(("hypertension", "asthma", "diabetes-type-2", "depression"))]
        level = 3 if len(codes) >= 4 and rng.random() < 0.5 else 2 if len(codes) >= 2 and rng.random() < 0.4 else 1
        patients.append({
            "uuid": uuids[index], "nhs_number": number, "given_name": rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
            "family_name": rng.choice(FAMILY), "title": ("Mrs" if rng.random() < 0.6 else "Ms") if female else "Mr",
            "date_of_birth": born, "birth_month": born.month, "sex": "female" if female else "male",
            "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}, Ashby Green", "postcode": f"ZZ99 {rng.randint(1, 9)}XX",
            "phone": f"01632 960 {rng.randint(100, 999)}", "gp_name": rng.choice(GPS), "level_of_need": level,
            "housebound": age > 80 and rng.random() < 0.25, "large_print": age > 75 and rng.random() < 0.2,
            "easy_read": rng.random() < 0.01, "interpreter_language": rng.choice(("Polish", "Urdu", "Punjabi", "Bengali"))
            if rng.random() < 0.02 else None, "lead_professional": rng.choice(LEADS) if level > 1 else None,
            "offer_status": rng.choice(("not_offered", "offered", "accepted", "accepted", "declined")),
        })
        for code in codes:
            kind = kinds[code]
            conditions.append({"uuid": new_uuid(), "patient_uuid": uuids[index], "code": code, "snomed_id": kind.snomed,
                               "display": kind.name, "diagnosed_on": dt.date(max(born.year + 18, today.year - rng.randint(1, 25)), 1, 1)})
        # people due this month or next have had their checks and most have an appointment
        months_to_birthday = (born.month - today.month) % 12
        if months_to_birthday <= 1:
            taken = today - dt.timedelta(days=rng.randint(3, 20))
            for code in ("blood_pressure", "hba1c" if "diabetes-type-2" in codes else "weight"):
                if rng.random() < 0.85:
                    results.append(_synthetic_result(rng, uuids[index], code, taken))
            if rng.random() < 0.7:
                start = _clinic_start(rng, add_months(today.replace(day=1), months_to_birthday))
                appointments.append({"uuid": new_uuid(), "patient_uuid": uuids[index], "starts_at": start,
                                     "length_minutes": APPOINTMENT_MINUTES, "with_whom": "Nora Hughes, practice nurse",
                                     "location": "home visit" if patients[-1]["housebound"] else "surgery"})
                recalls.append((uuids[index], start.year, start.month))
    return _write(vault, patients, conditions, results, appointments, recalls)


def _clinic_start(rng: random.Random, month_start: dt.date) -> dt.datetime:
    """A clinic slot on a working day (never a weekend or bank holiday) in the month starting `month_start`."""
    day = next_working_day(month_start + dt.timedelta(days=rng.randint(7, 24)))
    return dt.datetime.combine(day, rng.choice(CLINIC_SLOTS))


def _synthetic_result(rng: random.Random, patient_uuid: str, code: str, taken: dt.date) -> dict:
    if code == "blood_pressure":
        systolic, diastolic = rng.randint(112, 165), rng.randint(66, 96)
        return {"uuid": new_uuid(), "patient_uuid": patient_uuid, "code": code, "value_text": f"{systolic}/{diastolic}",
                "value": systolic, "value2": diastolic, "unit": "mmHg", "taken_on": taken}
    value = rng.randint(42, 85) if code == "hba1c" else round(rng.uniform(52, 110), 1)
    unit = "mmol/mol" if code == "hba1c" else "kg"
    return {"uuid": new_uuid(), "patient_uuid": patient_uuid, "code": code, "value_text": f"{value:g}", "value": value,
            "unit": unit, "taken_on": taken}


def _write(vault: Vault, patients, conditions, results, appointments, recalls) -> DemoSummary:
    now = utcnow()
    device = vault.actor.device_uuid
    stamp = {"revision": 1, "changed_by_device": device, "changed_at": now}
    with vault.transaction() as session:
        if patients:
            session.execute(insert(Patient), [{**row, **stamp} for row in patients])
        ids = dict(session.execute(select(Patient.uuid, Patient.id)).all())

        def linked(rows):
            return [{**{k: v for k, v in row.items() if k != "patient_uuid"}, "patient_id": ids[row["patient_uuid"]], **stamp}
                    for row in rows]

        for model, rows in ((Condition, conditions), (Result, results), (Appointment, appointments)):
            if rows:
                session.execute(insert(model), linked(rows))
        if appointments:
            booked = dict(session.execute(select(Appointment.patient_id, Appointment.id)).all())
            session.execute(insert(Recall), [
                {"uuid": new_uuid(), "patient_id": ids[p], "due_year": y, "due_month": m, "status": "booked",
                 "appointment_id": booked[ids[p]], **stamp} for p, y, m in recalls
            ])
        record_event(session, "demo people added", "patient", details={"people": len(patients)})
    return DemoSummary(len(patients), len(conditions), len(results), len(appointments))


#: the demo's made-up practice (Ofcom's drama range phone number; not a real ODS code)
DEMO_PRACTICE = PracticeSettings(
    name="Ashby Green Medical Practice", address="1 Surgery Lane\nAshby Green\nZZ99 1AG", phone="01632 960 000",
    ods_code="Z99999", clinic_hours={day: "8:30am to 6pm" for day in DAYS[:5]})


#: the demo practice's team, all signing in with the demo's passphrase. The practice nurse made
#: the vault (she is first on the sign-in list, and the vault is handed back signed in as her);
#: Sam Porter is the first administrator (the headless commands' default sign-in).
DEMO_TEAM = (
    ("Nora Hughes", "practice nurse"),
    ("Sam Porter", "administrator"),
    ("Dev Mistry", "healthcare assistant"),
    ("Andrea Clarke", "community matron"),
    ("Dr Helen Shah", "GP"),  # one of the practice's GPs (GPS)
)


def add_demo_team(vault: Vault, passphrase: str) -> None:
    from careplan_desktop.services.staff.team import enrol

    for name, role in DEMO_TEAM[1:]:
        enrol(vault, name, role, passphrase, passphrase)


def create_demo_vault(
    path: Path, passphrase: str = DEMO_PASSPHRASE, *, patients: int = 200, seed: int = 1, today: dt.date | None = None
) -> Vault:
    """A new vault holding Lorna, Jack and James and `patients` synthetic people."""
    today = today or dt.date.today()
    vault = Vault.create(path, passphrase, passphrase, user_name=DEMO_TEAM[0][0], user_role=DEMO_TEAM[0][1],
                         device_name="Demo practice PC")
    try:
        add_demo_team(vault, passphrase)
        with vault.transaction() as session:
            keep_practice(session, DEMO_PRACTICE)  # first: the plans agreed below print its name and number
            add_demo_people(session, load_reference_data(), today)
        add_synthetic_people(vault, patients, seed, today)
    except BaseException:
        vault.lock()
        for suffix in ("", "-wal", "-shm", ".keys"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return vault
