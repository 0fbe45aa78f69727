"""The report's facts (issue 15's 1-second figure): the figures counted from the facts
(`compute_report`) are the figures counted straight from the records (`count_from_records`, the
meaning `measures` gives each figure), on a vault of people with five years of random history
(plans and their versions, reviews on time and late, letters, copies, carers, information,
services from the directory and typed, unmet needs, confidence scores, people who died, moved or
left, joined late), for several periods and filters; and still are after the records change,
by the screens' own paths, since the facts were built.

The random history is made with a fixed seed, and the dates are fixed: the same vault every day."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update

from careplan_desktop.domain.nhs_number import complete
from careplan_desktop.models import (
    AuditEvent, CarePlan, Carer, Condition, ConfidenceScore, DirectoryEntry, Goal, InformationPrescription, LetterLog,
    Patient, PlanVersion, PrintLog, Review, SupportService, UnmetNeed, record_event,
)
from careplan_desktop.models.report_facts import FACT_TABLES
from careplan_desktop.services.register.import_rows import guess_mapping, read_headers
from careplan_desktop.services.register.importing import import_register
from careplan_desktop.services.reports import facts
from careplan_desktop.services.reports.figures import ReportFilters, compute_report, count_from_records
from careplan_desktop.services.reports.period import Period, last_12_months, last_quarter, month, quarter

from tests.conftest import TEST_PASSPHRASE

TODAY = dt.date(2026, 7, 15)
PEOPLE = 60
CONDITIONS = ("Type 2 diabetes", "COPD", "Hypertension", "Asthma", "Heart failure")
THEMES = ("staying independent", "getting out and about", "managing my condition", "mood and wellbeing", "", None)
PERIODS = (last_12_months(TODAY), last_quarter(TODAY), quarter(2024, 3), month(2026, 5),
           Period(dt.date(2021, 1, 1), dt.date(2026, 12, 31)), Period(dt.date(2026, 7, 15), dt.date(2026, 7, 15)))
FILTERS = ({}, {"condition": "diabetes-type-2"}, {"lead": "Nora Nurse"})


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randrange(0, 24), rng.randrange(60)))


def _import(vault, folder: Path) -> None:
    rng = random.Random(1)
    lines = ["NHS Number,Forename,Surname,Date of Birth,Problems,Level"]
    for n in range(PEOPLE):
        problems = "; ".join(rng.sample(CONDITIONS, rng.choice((0, 1, 1, 1, 2, 3))))
        lines.append(f"{complete(f'94{n:07d}') or complete(f'95{n:07d}')},Given{n},Family{n},"
                     f"03/0{1 + n % 9}/19{40 + n % 50},{problems},{rng.choice((1, 2, 3))}")
    csv = folder / "register.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_register(vault, csv, guess_mapping(read_headers(csv)), today=TODAY).imported == PEOPLE


def _history(session, rng: random.Random) -> None:
    """Five years of what the report counts, for each person."""
    walking = DirectoryEntry(name="Walking for health", kind="exercise")
    session.add(walking)
    session.flush()
    for patient in session.scalars(select(Patient).order_by(Patient.id)).all():
        patient.offer_status = rng.choice(("not_offered", "offered", "accepted", "accepted", "declined"))
        patient.lead_professional = rng.choice(("Nora Nurse", "Andrea Clarke", None))
        patient.large_print, patient.bsl = rng.random() < 0.2, rng.random() < 0.1
        patient.interpreter_language = rng.choice((None, None, None, "Polish"))
        patient.communication_other = rng.choice((None, None, "", "  ", "Hearing loop"))
        if rng.random() < 0.2:
            patient.register_status = rng.choice(("died", "moved_away", "left_register"))
            patient.register_status_on = rng.choice((None, dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1800))))
        carer = None
        if rng.random() < 0.3:
            carer = Carer(patient=patient, name=f"Carer of {patient.given_name}")
            session.add(carer)
            session.flush()
        session.execute(update(AuditEvent).where(AuditEvent.patient_id == patient.id, AuditEvent.entity == "patient",
                                                 AuditEvent.action == "created")
                        .values(at=_moment(dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(2050)), rng)))
        day, previous, number = dt.date(2021, 3, 1) + dt.timedelta(days=rng.randrange(900)), None, 0
        while day < dt.date(2026, 12, 1) and rng.random() < 0.85:
            number += 1
            care_plan = previous.care_plan if previous else CarePlan(patient_id=patient.id)
            version = PlanVersion(care_plan=care_plan, patient_id=patient.id, number=number, status="draft",
                                  review_date=day + dt.timedelta(days=rng.choice((91, 182, 365))))
            session.add(version)
            parts = [Goal(plan_version=version, text=f"Goal {g}", theme=rng.choice(THEMES),
                          status=rng.choice(("active", "active", "no longer wanted"))) for g in range(rng.randrange(3))]
            parts += [InformationPrescription(plan_version=version, topic=rng.choice(("Hypos", " hypos", "Diet")),
                                              given_on=rng.choice((day, None)),
                                              method=rng.choice(("directly", "posted", "", None)),
                                              recipient=rng.choice(("the person", "the carer", None)))
                      for _ in range(rng.randrange(2))]
            parts += [SupportService(plan_version=version, name=rng.choice(("Walking group", "Befriending")),
                                     directory_entry_uuid=rng.choice((walking.uuid, None)),
                                     status=rng.choice(("offered", "taken up", "refused"))) for _ in range(rng.randrange(3))]
            parts += [UnmetNeed(plan_version=version, need="Transport", theme=rng.choice(THEMES))
                      for _ in range(rng.randrange(2))]
            parts += [ConfidenceScore(plan_version=version, score=rng.randrange(11), recorded_on=day)
                      for _ in range(rng.choice((0, 1, 1, 2)))]
            session.add_all(parts)
            if rng.random() < 0.7:
                session.add(LetterLog(patient_id=patient.id, sent_at=_moment(day - dt.timedelta(days=rng.randrange(3, 40)),
                                                                             rng)))
            session.flush()
            if previous is not None:
                previous.status = "superseded"
            agreed = _moment(day, rng)
            version.status, version.agreed_at = "agreed", agreed
            version.missing_at_agreement = rng.choice(([], [], ["budget"], ["contingency"], ["actions", "review"]))
            record_event(session, "agreed", "plan_version", version.uuid, patient.id,
                         {"warnings": rng.choice(([], [], ["reads_like_service"], ["goals_copied", "reads_like_service"]))})
            for given_to in ("person", "carer"):
                if rng.random() < 0.5:
                    session.add(PrintLog(patient_id=patient.id, plan_version_uuid=version.uuid, given_to=given_to,
                                         carer_uuid=carer.uuid if carer and given_to == "carer" else None,
                                         given_at=agreed + dt.timedelta(days=rng.randrange(0, 12))))
            reviewed = version.review_date + dt.timedelta(days=rng.randrange(-35, 70))
            if rng.random() < 0.7:
                session.add(Review(patient_id=patient.id, plan_version_uuid=version.uuid, reviewed_on=reviewed,
                                   outcome=rng.choice(("continued", "continued", "exited", "re-entered")),
                                   next_review_date=reviewed + dt.timedelta(days=182)))
            patient.next_review_date = rng.choice((None, version.review_date))
            session.flush()
            previous, day = version, reviewed + dt.timedelta(days=rng.randrange(1, 200))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """The vault with its history, made once for this file (each test opens a copy)."""
    from careplan_desktop.store import Vault

    folder = tmp_path_factory.mktemp("history")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CAREPLAN_DATA_DIR", str(folder))
        vault = Vault.create(folder / "history.vault", TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Nora Nurse",
                             user_role="practice nurse", device_name="Test PC")
        _import(vault, folder)
        with vault.transaction() as session:
            _history(session, random.Random(15))
        vault.lock()
    return folder / "history.vault"


@pytest.fixture
def history_vault(made: Path, tmp_path: Path):
    from careplan_desktop.store import Vault

    for suffix in ("", "-wal", "-shm", ".keys"):  # a vault and what belongs beside it
        if Path(f"{made}{suffix}").exists():
            shutil.copy2(f"{made}{suffix}", tmp_path / f"copy.vault{suffix}")
    opened = Vault.unlock(tmp_path / "copy.vault", TEST_PASSPHRASE)
    yield opened
    opened.lock()


def _same_figures(vault) -> None:
    for period in PERIODS:
        for chosen in FILTERS:
            filters = ReportFilters(period, **chosen)
            fast, slow = compute_report(vault, filters, today=TODAY), count_from_records(vault, filters, today=TODAY)
            for mine, theirs in zip(fast.figures, slow.figures):
                assert mine == theirs, (period.label, chosen, mine.key)
            assert fast.letter_to_plan == slow.letter_to_plan, (period.label, chosen)


def _facts(vault) -> dict[str, list]:
    with vault.reader() as session:
        return {table: sorted(tuple(map(str, row))[1 if table in ("report_information", "report_carer_copy",
                                                                    "report_score") else 0:]
                              for row in session.execute(text(f"SELECT * FROM {table}")))
                for table in FACT_TABLES}


def test_the_figures_from_the_facts_are_the_figures_from_the_records(history_vault):
    _same_figures(history_vault)
    report = compute_report(history_vault, ReportFilters(PERIODS[4]), today=TODAY)
    assert report.count("plans_agreed", "first plans") > 20  # the history really is there to count
    assert sum(row.count for row in report.figure("confidence_change").rows) > 5


def test_after_changes_made_since_the_facts_were_built_the_figures_still_agree(history_vault):
    vault = history_vault
    compute_report(vault, ReportFilters(PERIODS[0]), today=TODAY)  # every fact built
    rng = random.Random(7)
    with vault.transaction() as session:
        people = session.scalars(select(Patient).order_by(Patient.id)).all()
        people[0].register_status, people[0].register_status_on = "died", dt.date(2026, 3, 1)
        people[1].level_of_need, people[1].offer_status = 3, "declined"
        session.add(Condition(patient=people[2], code="diabetes-type-2", display="Type 2 diabetes"))
        with_carers = set(session.scalars(select(Carer.patient_id).where(Carer.patient_id.in_([p.id for p in people[3:20]]))))
        session.execute(delete(Carer).where(Carer.patient_id.in_(with_carers)))
        session.execute(update(DirectoryEntry).values(name="Walking for wellbeing"))
        for person in people[20:30]:
            session.add(Review(patient_id=person.id, plan_version_uuid="none", reviewed_on=dt.date(2026, 5, 2),
                               outcome=rng.choice(("continued", "exited")), next_review_date=dt.date(2026, 6, 1)))
            person.next_review_date = dt.date(2026, 4, 1)
        session.add(LetterLog(patient_id=people[30].id, sent_at=dt.datetime(2026, 5, 1, 9)))
        changed = {p.id for p in people[:3] + people[20:31]} | with_carers
    with vault.reader() as session:  # the triggers saw every one of them, and no one else
        assert set(session.scalars(text("SELECT patient_id FROM report_stale"))) == changed
        assert len(with_carers) >= 3
    _same_figures(vault)
    kept = _facts(vault)
    with vault.transaction() as session:  # everyone stale: every fact built again from the records
        session.execute(text("INSERT OR IGNORE INTO report_stale (patient_id) SELECT id FROM patient"))
    assert facts.refresh(vault) == PEOPLE
    assert _facts(vault) == kept  # rebuilt piece by piece, the facts are what a whole rebuild makes


def test_a_new_vault_has_every_trigger_that_keeps_the_facts_true(vault):
    from importlib import import_module

    migration = import_module("careplan_desktop.store.migrations.versions.0016_report_facts")
    with vault.reader() as session:
        present = {name for (name,) in session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    assert set(migration.triggers()) <= present
    assert len(migration.triggers()) == 37


def test_a_report_refreshes_a_few_people_at_a_time(history_vault):
    vault = history_vault
    with vault.reader() as session:
        stale = session.execute(text("SELECT count(*) FROM report_stale")).scalar()
    assert stale == PEOPLE  # everyone was just added
    told = []
    assert facts.refresh(vault, chunk=7, progress=lambda done, total: told.append((done, total))) == PEOPLE
    assert told == [(n, PEOPLE) for n in (7, 14, 21, 28, 35, 42, 49, 56, 60)]  # 60 people, 7 at a time
    with vault.reader() as session:
        assert session.execute(text("SELECT count(*) FROM report_stale")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM report_person")).scalar() == PEOPLE
