"""Register import against tests/fixtures/register_50.csv.

The fixture has 50 person rows (spreadsheet rows 2-51). By design (see the file):
* rejected (12): 5 wrong check digit; 9 nine digits; 12 31/02/1950; 15 two-digit year; 18 month/day order;
  21 duplicate of row 3 (same NHS number written with spaces); 24 unknown condition Gout; 27 no surname;
  30 born 2090; 33 wrong check digit and 31/04/1960; 36 level 5; 45 born 1900 (over 120 years before 1 June 2025)
* row 40 is Lorna Example, already in the vault: an update (new phone, COPD added to her asthma)
* the other 37 rows are new people. Each has one condition except row 3 (COPD; Hypertension), row 7
  (heart failure, AF), row 8 (CKD; Hypertension; Type 2 diabetes) and row 48 (none):
  33 x 1 + 2 + 2 + 3 + 0 = 40 conditions.
"""

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from careplan_desktop.models import AuditEvent, Base, Condition, Patient
from careplan_desktop.services.register import importing as register_import
from careplan_desktop.services.register.person import PersonForm, save_person
from careplan_desktop.services.register.importing import Reject, import_register, preview, save_rejects_csv
from careplan_desktop.services.register.import_rows import ImportFileError, guess_mapping, read_headers, validate_rows

FIXTURE = Path(__file__).parents[1] / "fixtures" / "register_50.csv"
TODAY = dt.date(2025, 6, 1)
LORNA_NHS = "9990000409"  # row 40
BEN_NHS = "9990000034"  # row 3 (and row 21 again, written 999 000 0034)

EXPECTED_REJECTS = [
    Reject(5, "This NHS number is not valid: check the last digit."),
    Reject(9, "An NHS number has exactly 10 digits (spaces are fine)."),
    Reject(12, "Date of birth: this is not a real date: February has 28 days in that year."),
    Reject(15, "Date of birth: the year must have 4 digits, for example 05/03/1948 "
               "(a 2-digit year could mean 19xx or 20xx)."),
    Reject(18, "Date of birth: this reads as month/day/year (US order); dates must be day/month/year."),
    Reject(21, "Duplicate of row 3 (same NHS number)."),
    Reject(24, "Unknown condition: Gout (not in the condition catalogue)."),
    Reject(27, "Family name is missing."),
    Reject(30, "The date of birth cannot be in the future."),
    Reject(33, "This NHS number is not valid: check the last digit. "
               "Date of birth: this is not a real date: April has 30 days."),
    Reject(36, "Level of need must be 1, 2 or 3."),
    Reject(45, "The date of birth is more than 120 years ago: check the year."),
]
# valid NHS numbers on rejected rows (rows 12-45 above, except 21 which is Ben's): none may reach the vault
REJECTED_VALID_NUMBERS = ["9990000123", "9990000158", "9990000182", "9990000247", "9990000271", "9990000301",
                          "9990000360", "9990000956"]


@pytest.fixture
def mapping():
    return guess_mapping(read_headers(FIXTURE))


@pytest.fixture
def with_lorna(vault):
    form = PersonForm(nhs_number=LORNA_NHS, given_name="Lorna", family_name="Example",
                      date_of_birth=dt.date(1946, 9, 17), phone="01434 000000", level_of_need=3,
                      conditions=[("asthma", None)])
    assert save_person(vault, form, today=TODAY).saved
    return vault


def dump(vault) -> dict[str, list[tuple]]:
    """Every row of every table, in order: a logical picture of the whole vault."""
    with vault.engine.connect() as conn:
        return {table: conn.execute(text(f'SELECT * FROM "{table}" ORDER BY rowid')).all()
                for table in Base.metadata.tables}


def test_guess_mapping_for_the_fixture_headers(mapping):
    assert mapping == {
        "nhs_number": "NHS Number", "title": "Title", "given_name": "Forename", "family_name": "Surname",
        "date_of_birth": "Date of Birth", "sex": "Gender", "address": "Address Line 1", "town": "Town",
        "postcode": "Postcode", "phone": "Telephone", "gp_name": "Usual GP", "conditions": "Problems",
        "level_of_need": "Level", "housebound": "Housebound",
    }


def test_guess_mapping_other_spellings():
    headers = ["nhs_number", "Family Name", "First Name", "DOB", "Sex", "Address", "Address Line 2", "Post Code",
               "Phone", "GP", "Conditions", "Level of need", "House bound", "Unrelated"]
    assert guess_mapping(headers) == {
        "nhs_number": "nhs_number", "family_name": "Family Name", "given_name": "First Name",
        "date_of_birth": "DOB", "sex": "Sex", "address": "Address", "address_2": "Address Line 2",
        "postcode": "Post Code", "phone": "Phone", "gp_name": "GP", "conditions": "Conditions",
        "level_of_need": "Level of need", "housebound": "House bound",
    }
    assert guess_mapping(["NHS No.", "Last Name", "Given Name", "Birth Date"]) == {
        "nhs_number": "NHS No.", "family_name": "Last Name", "given_name": "Given Name",
        "date_of_birth": "Birth Date"}


def test_import_counts_and_reasons(with_lorna, mapping):
    vault = with_lorna
    audit_before = vault.count(AuditEvent)
    report = import_register(vault, FIXTURE, mapping, today=TODAY)
    assert (report.imported, report.updated, report.unchanged, report.cancelled) == (37, 1, 0, False)
    assert report.rejected == EXPECTED_REJECTS
    assert vault.count(Patient) == 1 + 37
    assert vault.count(Condition) == 1 + 1 + 40  # Lorna's asthma, her new COPD, the new people's 40
    # 37 people + 40 conditions created, Lorna changed, her COPD created, one "register imported"
    assert vault.count(AuditEvent) - audit_before == 37 + 40 + 1 + 1 + 1


def test_nothing_from_rejected_rows_reaches_the_vault(with_lorna, mapping):
    vault = with_lorna
    import_register(vault, FIXTURE, mapping, today=TODAY)
    with vault.reader() as session:
        stored = set(session.scalars(select(Patient.nhs_number)))
        ben = session.scalar(select(Patient).where(Patient.nhs_number == BEN_NHS))
        assert (ben.given_name, ben.family_name, ben.date_of_birth) == ("Ben", "Hale", dt.date(1948, 3, 5))
        assert session.scalar(select(Patient).where(Patient.family_name == "Nash",
                                                    Patient.date_of_birth == dt.date(1959, 8, 20))) is None
    assert not stored & set(REJECTED_VALID_NUMBERS)
    # rows 5 and 33: neither the typed number nor the number with its correct check digit
    assert not stored & {"9990000051", "9990000050", "9990000337", "9990000336"}
    assert not any(n.startswith("999000009") for n in stored)  # row 9's nine digits


def test_rows_are_stored_as_written(with_lorna, mapping):
    vault = with_lorna
    import_register(vault, FIXTURE, mapping, today=TODAY)
    with vault.reader() as session:
        people = {p.nhs_number: p for p in session.scalars(select(Patient))}
        conditions = {}
        for c in session.scalars(select(Condition)):
            conditions.setdefault(c.patient_id, set()).add((c.code, c.snomed_id))
        ben = people[BEN_NHS]  # row 3
        assert (ben.sex, ben.address, ben.postcode, ben.phone, ben.gp_name, ben.level_of_need, ben.housebound,
                ben.birth_month) == ("female", "3 High Street, Hexham", "NE46 1QJ", "01434 600003", "Dr Patel", 2,
                                     False, 3)
        assert conditions[ben.id] == {("copd", "13645005"), ("hypertension", "38341003")}
        iris = people["9990000107"]  # row 10: dementia, housebound, level 3
        assert (iris.housebound, iris.level_of_need, iris.sex) == (True, 3, "male")
        assert conditions[iris.id] == {("dementia", "52448006")}
        assert conditions[people["9990000069"].id] == {("diabetes-type-2", "44054006")}  # row 6, by SNOMED id
        assert conditions[people["9990000077"].id] == {("heart-failure", "84114007"),
                                                       ("atrial-fibrillation", "49436004")}  # row 7, by codes
        assert len(conditions[people["9990000085"].id]) == 3  # row 8
        assert people["9990000484"].id not in conditions  # row 48 has no conditions
        assert "9990000115" in people  # row 11 written 999 000 0115
        dates = {n: people[n].date_of_birth for n in ("9990000646", "9990000166", "9990000042")}
        assert dates == {"9990000646": dt.date(1951, 3, 5), "9990000166": dt.date(1952, 3, 5),
                         "9990000042": dt.date(1985, 11, 23)}  # rows 14, 16, 4: 5 Mar 1951, 5/3/1952, ISO


def test_existing_person_is_updated_not_duplicated(with_lorna, mapping):
    vault = with_lorna
    audit_before = vault.count(AuditEvent)
    import_register(vault, FIXTURE, mapping, today=TODAY)
    with vault.reader() as session:
        lorna = session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS))
        assert lorna.phone == "01434 111111"
        assert lorna.level_of_need == 3  # the file's Level cell is blank for her: kept
        assert sorted(c.code for c in lorna.conditions) == ["asthma", "copd"]
        change = session.execute(select(AuditEvent.details).where(
            AuditEvent.id > audit_before, AuditEvent.entity == "patient", AuditEvent.action == "changed")).all()
    assert change == [({"fields": ["phone"], "revision": 2, "source": "register import"},)]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(with_lorna, mapping):
    vault = with_lorna
    import_register(vault, FIXTURE, mapping, today=TODAY)
    before = dump(vault)
    report = import_register(vault, FIXTURE, mapping, today=TODAY)
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 38)
    after = dump(vault)
    assert after["patient"] == before["patient"] and after["condition"] == before["condition"]
    assert len(after["audit_event"]) == len(before["audit_event"]) + 1  # only "register imported"


def test_failure_halfway_leaves_the_vault_exactly_as_it_was(with_lorna, mapping, monkeypatch):
    vault = with_lorna
    before = dump(vault)
    real_new_patient = register_import._new_patient
    calls = []

    def failing(person, ids, reference, batch):
        calls.append(person.nhs_number)
        if len(calls) == 25:
            raise RuntimeError("disk unplugged")
        return real_new_patient(person, ids, reference, batch)

    monkeypatch.setattr(register_import, "_new_patient", failing)
    monkeypatch.setattr(register_import, "FLUSH_EVERY", 10)  # rows really are written before the failure
    with pytest.raises(RuntimeError, match="disk unplugged"):
        import_register(vault, FIXTURE, mapping, today=TODAY)
    assert len(calls) == 25
    assert dump(vault) == before


def test_stop_part_way_saves_nothing(with_lorna, mapping, monkeypatch):
    vault = with_lorna
    before = dump(vault)
    seen = []
    monkeypatch.setattr(register_import, "FLUSH_EVERY", 10)
    report = import_register(vault, FIXTURE, mapping, today=TODAY,
                             progress=lambda done, total: seen.append((done, total)),
                             should_stop=lambda: len(seen) >= 2)
    assert report.cancelled and (report.imported, report.updated) == (0, 0)
    assert seen == [(10, 38), (20, 38)]
    assert dump(vault) == before


def test_progress_reaches_the_total(vault, mapping, monkeypatch):
    monkeypatch.setattr(register_import, "FLUSH_EVERY", 10)
    seen = []
    import_register(vault, FIXTURE, mapping, today=TODAY, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(10, 38), (20, 38), (30, 38), (38, 38)]  # 38 acceptable rows: none in the vault yet


def test_preview_shows_rows_as_stored(with_lorna, mapping):
    rows = preview(FIXTURE, mapping, n=4, vault=with_lorna, today=TODAY)
    assert [(r.row_number, r.action, r.problem) for r in rows] == [
        (2, "new", None), (3, "new", None), (4, "new", None),
        (5, "reject", "This NHS number is not valid: check the last digit.")]
    ben = rows[1].values
    assert ben["nhs_number"] == "999 000 0034"
    assert ben["date_of_birth"] == "05/03/1948"
    assert ben["sex"] == "female"
    assert ben["postcode"] == "NE46 1QJ"
    assert ben["conditions"] == "COPD (chronic obstructive pulmonary disease); Hypertension"
    assert ben["housebound"] == "no"
    assert with_lorna.count(Patient) == 1  # preview writes nothing


def test_preview_marks_existing_people_as_updates(with_lorna, mapping):
    rows = preview(FIXTURE, mapping, n=50, vault=with_lorna, today=TODAY)
    assert [r.row_number for r in rows if r.action == "update"] == [40]


def test_rejects_file(with_lorna, mapping, tmp_path):
    report = import_register(with_lorna, FIXTURE, mapping, today=TODAY)
    out = save_rejects_csv(report.rejected, FIXTURE, tmp_path / "rejects.csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][-2:] == ["Original row", "Why it was not imported"]
    assert rows[0][:3] == ["NHS Number", "Title", "Forename"]
    assert [int(r[-2]) for r in rows[1:]] == [5, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 45]
    row_21 = rows[6]
    assert row_21[0] == "999 000 0034" and row_21[2:4] == ["Tom", "Nash"]
    assert row_21[-1] == "Duplicate of row 3 (same NHS number)."
    # the file can be fixed and imported again: its extra columns are not mistaken for fields
    assert guess_mapping(rows[0]) == guess_mapping(read_headers(FIXTURE))


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_us_ordered_file_refuses_dates_that_could_be_either(vault, tmp_path):
    path = write(tmp_path / "us.csv", "NHS number,Surname,Forename,DOB\n"
                 "9990000026,Allen,Ada,03/25/1950\n"
                 "9990000034,Hale,Ben,04/05/1951\n"
                 "9990000042,Owen,Cara,1950-01-01\n")
    report = import_register(vault, path, guess_mapping(read_headers(path)), today=TODAY)
    assert report.imported == 1  # only the ISO date is certain
    assert [(r.row_number, r.reason) for r in report.rejected] == [
        (2, "Date of birth: this reads as month/day/year (US order); dates must be day/month/year."),
        (3, "Date of birth: this date could be day/month or month/day: other dates in this file are "
            "month/day/year (US order)."),
    ]


def test_blank_lines_keep_spreadsheet_row_numbers_and_other_layouts(vault, tmp_path):
    # semicolon-separated, Windows-1252, CRLF, a blank line (row 3) and a missing surname on row 4
    path = write(tmp_path / "emis.csv", "NHS No;Family Name;Given Name;Date of Birth;Conditions\r\n"
                 "9990000026;Jones;Siân;14/07/1950;COPD, Hypertension\r\n"
                 "\r\n"
                 "9990000034;;Ben;05/03/1948;\r\n", encoding="cp1252")
    report = import_register(vault, path, guess_mapping(read_headers(path)), today=TODAY)
    assert report.imported == 1
    assert report.rejected == [Reject(4, "Family name is missing.")]
    with vault.reader() as session:
        assert session.scalar(select(Patient.given_name)) == "Siân"
        assert sorted(session.scalars(select(Condition.code))) == ["copd", "hypertension"]


def test_mapping_without_required_columns_is_refused(vault):
    with pytest.raises(ImportFileError, match="Choose the column for date of birth"):
        import_register(vault, FIXTURE, {"nhs_number": "NHS Number", "family_name": "Surname",
                                         "given_name": "Forename"}, today=TODAY)
    assert vault.count(Patient) == 0


def test_empty_file(vault, tmp_path):
    with pytest.raises(ImportFileError, match="empty"):
        read_headers(write(tmp_path / "empty.csv", ""))


def test_bulk_written_records_carry_what_the_audit_rules_write(vault, tmp_path):
    """New people are written in bulk, outside the ORM flush: their records and "created" events
    must look exactly like the ones the flush rules write for a person added through the ORM."""
    path = write(tmp_path / "one.csv",
                 "NHS Number,Surname,Forename,DOB,Problems\n9990000026,Allen,Ada,14/07/1950,COPD\n")
    import_register(vault, path, guess_mapping(read_headers(path)), today=TODAY)
    with vault.transaction() as session:  # the same kind of records through the ORM and its flush rules
        session.info["audit_context"] = {"source": "register import"}
        orm_person = Patient(nhs_number="9990000034", given_name="Ben", family_name="Hale",
                             date_of_birth=dt.date(1948, 3, 5), birth_month=3)
        orm_person.conditions.append(Condition(code="copd", snomed_id="13645005", display="x"))
        session.add(orm_person)

    def stamped(model, nhs):
        with vault.reader() as session:
            person = session.scalar(select(Patient).where(Patient.nhs_number == nhs))
            record = person if model is Patient else person.conditions[0]
            events = session.execute(select(AuditEvent).where(AuditEvent.record_uuid == record.uuid)).scalars().all()
            assert len(events) == 1
            e = events[0]
            return ((record.revision, record.changed_by_device, record.changed_at is not None),
                    (e.action, e.entity, e.user_uuid, e.device_uuid, e.patient_id == person.id, e.details,
                     e.at is not None, len(e.uuid)))

    assert stamped(Patient, "9990000026") == stamped(Patient, "9990000034")
    assert stamped(Condition, "9990000026") == stamped(Condition, "9990000034")
    assert stamped(Patient, "9990000026")[1][:2] == ("created", "patient")
    assert vault.actor.device_uuid and stamped(Patient, "9990000026")[0][1] == vault.actor.device_uuid


def test_a_row_whose_nhs_number_has_look_alike_digits_is_rejected_with_the_reason(vault, tmp_path):
    # row 3: Ben's number typed with full-width digits (as an East Asian keyboard layout types them)
    path = write(tmp_path / "wide.csv", "NHS Number,Surname,Forename,DOB\n"
                 "9990000026,Allen,Ada,14/07/1950\n"
                 "９９９００００３４,Hale,Ben,05/03/1948\n"
                 "9990000042,Owen,Cara,23/11/1950\n")
    report = import_register(vault, path, guess_mapping(read_headers(path)), today=TODAY)
    assert (report.imported, [r.row_number for r in report.rejected]) == (2, [3])
    assert report.rejected[0].reason.startswith("Type the NHS number with the ordinary number keys 0-9")
    with vault.reader() as session:
        assert sorted(session.scalars(select(Patient.nhs_number))) == ["9990000026", "9990000042"]
        assert session.scalar(select(Patient).where(Patient.given_name == "Ben")) is None


# -- a quote mark opened and never closed ---------------------------------------------------------------
# tests/fixtures/register_unclosed_quote.csv: 11 people (rows 2-12). Row 5, Harry Hughes, opens a quote in his
# address ("14 Mill Lane, Hexham,...) and never closes it; the next quote mark is the one that opens row 7's
# address, so a CSV reader takes lines 6 and 7 (Iris Ingram's and Jack Jones's rows) into Harry's address and
# the rest of Jack's row into Harry's other columns, all of them plausible: 9 people "imported", Harry with
# two other people's rows as his address, Iris and Jack lost.
UNCLOSED = FIXTURE.parent / "register_unclosed_quote.csv"
UNCLOSED_REASON = ("Row 5 cannot be read: its value in column 'Address Line 1' starts with a quote mark (\") "
                   "that is never closed, so the file's next lines (lines 6 to 7) would be read into it as part "
                   "of that value. Nothing has been imported. Open the file in a text editor such as Notepad, go "
                   "to line 5, add the missing closing quote mark or remove the stray one, save the file and "
                   "choose it again.")
UNCLOSED_PEOPLE = {  # NHS number -> the address each row of the file gives (Address Line 1, Town)
    "9990001014": "1 Abbey Road, Flat 3, Hexham", "9990001022": "2 Bridge End, Hexham",
    "9990001030": "3 Castle Walk, Corbridge, Hexham", "9990001049": "14 Mill Lane, Hexham",
    "9990001057": "5 Island Row, Hexham", "9990001065": "6 Juniper Close, Hexham", "9990001073": "7 Kiln Yard, Hexham",
    "9990001081": "8 Low Green, Flat 1, Hexham", "9990001103": "9 Market Place, Hexham",
    "9990001111": "10 North Road, Hexham", "9434765919": "11 Orchard Way, Hexham",
}


def closed_quote_copy(tmp_path: Path) -> Path:
    """The fixture with Harry's quote closed where his address ends."""
    text = UNCLOSED.read_text(encoding="utf-8").replace('"14 Mill Lane, Hexham,', '"14 Mill Lane",Hexham,')
    return write(tmp_path / "fixed.csv", text)


def test_an_unclosed_quote_is_refused_naming_the_row_the_column_and_the_lines(vault):
    mapping = {"nhs_number": "NHS Number", "given_name": "Forename", "family_name": "Surname",
               "date_of_birth": "Date of Birth", "address": "Address Line 1", "town": "Town"}
    for attempt in (lambda: read_headers(UNCLOSED), lambda: validate_rows(UNCLOSED, mapping, today=TODAY),
                    lambda: preview(UNCLOSED, mapping, vault=vault, today=TODAY),
                    lambda: import_register(vault, UNCLOSED, mapping, today=TODAY)):
        with pytest.raises(ImportFileError) as refused:
            attempt()
        assert str(refused.value) == UNCLOSED_REASON
    assert vault.count(Patient) == 0


def test_with_the_quote_closed_every_person_has_their_own_address(vault, tmp_path):
    fixed = closed_quote_copy(tmp_path)
    report = import_register(vault, fixed, guess_mapping(read_headers(fixed)), today=TODAY)
    assert (report.imported, report.rejected) == (11, [])
    with vault.reader() as session:
        stored = dict(session.execute(select(Patient.nhs_number, Patient.address)).all())
    assert stored == UNCLOSED_PEOPLE


def test_a_quoted_value_on_two_lines_is_still_one_value(vault, tmp_path):
    # an address written on two lines inside quotes is not another row: it is read as one address
    path = write(tmp_path / "two_lines.csv", "NHS Number,Surname,Forename,DOB,Address,Town,Postcode\n"
                 '9990000026,Allen,Ada,14/07/1950,"Flat 2,\n9 Fore Street",Hexham,NE46 1QJ\n'
                 "9990000034,Hale,Ben,05/03/1948,3 High Street,Hexham,NE46 1QJ\n")
    report = import_register(vault, path, guess_mapping(read_headers(path)), today=TODAY)
    assert (report.imported, report.rejected) == (2, [])
    with vault.reader() as session:
        assert session.scalar(select(Patient.address).where(Patient.given_name == "Ada")) == \
            "Flat 2, 9 Fore Street, Hexham"


def test_a_row_with_more_values_than_columns_is_rejected(vault, tmp_path):
    # row 3's address holds a comma without quotes: its town, postcode and phone would each move one column on
    path = write(tmp_path / "extra.csv", "NHS Number,Surname,Forename,DOB,Address,Town,Postcode\n"
                 "9990000026,Allen,Ada,14/07/1950,2 High Street,Hexham,NE46 1QJ\n"
                 "9990000034,Hale,Ben,05/03/1948,Flat 1, 3 High Street,Hexham,NE46 1QJ\n"
                 "9990000042,Owen,Cara,23/11/1950,4 High Street,Hexham,NE46 1QJ,\n")  # a trailing comma is fine
    report = import_register(vault, path, guess_mapping(read_headers(path)), today=TODAY)
    assert report.imported == 2
    assert report.rejected == [Reject(3, "This row has more values than the file has columns (8, not 7): a value "
                                         "holding the separator (a comma, say) needs quote marks around it, or the "
                                         "values after it land in the wrong columns.")]
