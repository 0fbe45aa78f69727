"""Issue 17: everything on the yellow folder. The printouts of the demo people, read back with
pypdf: James's personal health budget, Lorna's "what matters to me" and the information she was
given, future care wishes on a page of their own only when the person agreed, and the plan's own
title; each in normal, large print and easy read. Expected values are worked out by hand from the
demo's case studies (services/demo/case_studies.py), never taken from the code's output."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from sqlalchemy import select

from careplan_desktop.documents.yellow_folder import render_yellow_folder
from careplan_desktop.models import Patient, PlanVersion
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, DEMO_PRACTICE, create_demo_vault
from careplan_desktop.services.demo.case_studies import JAMES_NHS, LORNA_NHS
from careplan_desktop.services.planning.printout import yellow_folder_data
from careplan_desktop.services.planning.versions import (
    DraftAgreedError, FutureCareWishes, load_version, save_draft, start_draft,
)

from .pdf_text import bundled_wording, flat, page_texts, plain, reader

TODAY = dt.date(2026, 3, 2)
LORNA_AGREED = dt.date(2025, 12, 7)  # 85 days before 2 March 2026: 2 + 28 + 31 + 24
WORDS = bundled_wording("yellow_folder")
STANDARD, EASY = WORDS["standard"], WORDS["easy_read"]
VARIANTS = [(False, False), (True, False), (False, True)]  # normal, large print, easy read
WISHES = FutureCareWishes(
    choice="talked", what_matters="Being at home with Susan and my cat, and not being in pain.",
    place_of_care="At home", place_of_death="At home, in my own bed", resuscitation_form="ReSPECT",
    form_kept_where="In the yellow folder, at the front", lpa="yes", lpa_who="Susan Baxter, my daughter",
    lpa_contact="07700 900 231", advance_decision="no", who_to_tell="Susan, and my neighbour Pat",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    vault = create_demo_vault(tmp_path_factory.mktemp("folder-person") / "demo.vault", DEMO_PASSPHRASE, patients=0,
                              today=TODAY)
    yield vault
    vault.lock()


def _uuid(vault, nhs_number: str) -> tuple[str, str]:
    with vault.reader() as session:
        return session.execute(select(Patient.uuid, PlanVersion.uuid).join(PlanVersion, PlanVersion.patient_id == Patient.id)
                               .where(Patient.nhs_number == nhs_number).order_by(PlanVersion.number)).first()


def printout(vault, version_uuid: str, large_print: bool, easy_read: bool) -> bytes:
    data = yellow_folder_data(vault, version_uuid, today=TODAY, practice=DEMO_PRACTICE, large_print=large_print)
    data = dataclasses.replace(data, easy_read=easy_read)
    out = io.BytesIO()
    render_yellow_folder(data, out)
    return out.getvalue()


def words(easy_read: bool, table: str, key: str, **values) -> str:
    source = EASY.get(table, {}) if easy_read else {}
    text = source.get(key, STANDARD[table][key])
    return plain(text.format(**values))


@pytest.mark.parametrize(("large_print", "easy_read"), VARIANTS)
def test_james_printout_shows_his_budget_its_lines_and_how_it_is_managed(demo, large_print, easy_read):
    text = " ".join(page_texts(printout(demo, _uuid(demo, JAMES_NHS)[1], large_print, easy_read)))
    assert words(easy_read, "budget", "heading") in text
    assert words(easy_read, "budget", "amount", amount="£24,000") in text  # 2,400,000 pence
    managed = (EASY["budget"]["managed"] if easy_read else STANDARD["budget"]["managed"])["direct_payment"]
    assert plain(managed) in text
    for description, amount in (("Personal assistants, with insurance and training", "£18,500"),
                                ("Physiotherapy sessions", "£2,400"), ("Rowing machine (one-off)", "£900"),
                                ("Cover when a personal assistant is ill", "£1,200")):
        assert description in text and amount in text
    # £18,500 + £2,400 + £900 + £1,200 = £23,000 of £24,000 is planned
    assert words(easy_read, "budget", "not_planned", amount="£1,000") in text


@pytest.mark.parametrize(("large_print", "easy_read"), VARIANTS)
def test_lornas_printout_shows_what_matters_to_her_and_the_information_she_was_given(demo, large_print, easy_read):
    text = " ".join(page_texts(printout(demo, _uuid(demo, LORNA_NHS)[1], large_print, easy_read)))
    assert words(easy_read, "about_me", "what_matters") in text
    assert "Staying in my own home, cooking for myself, and bingo with Pat on Thursdays." in text
    assert words(easy_read, "about_me", "story_tough") in text
    assert "The stairs, and getting out to the shops when my knees are bad." in text
    assert words(easy_read, "information", "heading") in text
    assert "Hypos: what they are and what to do" in text
    assert words(easy_read, "information", "source", source="Diabetes UK leaflet") in text
    assert words(easy_read, "information", "given_on", date="7 December 2025") in text
    assert LORNA_AGREED == dt.date(2025, 12, 7)


def _lornas_draft_with(vault, wishes: FutureCareWishes, **changes) -> str:
    patient_uuid, _ = _uuid(vault, LORNA_NHS)
    draft = start_draft(vault, patient_uuid, today=TODAY)
    saved = save_draft(vault, dataclasses.replace(draft, future_care=wishes, **changes), today=TODAY)
    return saved.version_uuid


def body(page: str) -> str:
    """A draft's page below its footer and its DRAFT line (pypdf reads those first)."""
    return page.split(plain(STANDARD["draft_header"]), 1)[1].strip()


def _pages_with(pages: list[str], text: str) -> list[int]:
    return [i for i, page in enumerate(pages) if text in page]


@pytest.mark.parametrize(("large_print", "easy_read"), VARIANTS)
def test_future_care_wishes_are_printed_on_their_own_page_only_when_the_person_agreed(demo, large_print, easy_read):
    heading = words(easy_read, "future_care", "heading")
    version = _lornas_draft_with(demo, WISHES)  # talked, but did not (yet) agree they are printed
    pages = page_texts(printout(demo, version, large_print, easy_read))
    assert _pages_with(pages, heading) == []
    assert not any("my cat" in page for page in pages)

    not_now = FutureCareWishes(choice="not now", on_printout=True)  # a valid answer, nothing to print
    assert _pages_with(page_texts(printout(demo, _lornas_draft_with(demo, not_now), large_print, easy_read)),
                       heading) == []

    version = _lornas_draft_with(demo, dataclasses.replace(WISHES, on_printout=True))
    assert load_version(demo, version).future_care.on_printout is True  # what the vault holds
    pages = page_texts(printout(demo, version, large_print, easy_read))
    first = _pages_with(pages, heading)[0]
    assert body(pages[first]).startswith(heading)  # a page of its own, starting with its heading
    for later in pages[first + 1:]:  # the last part of the printout: any page after says "(continued)"
        assert body(later).startswith(STANDARD["continued"].format(heading=heading))
    wishes_page = " ".join(pages[first:])
    assert not any(STANDARD[part]["heading"] in wishes_page for part in ("medicines", "goals", "my_review"))
    for said in ("Being at home with Susan and my cat, and not being in pain.", "At home, in my own bed",
                 "Susan Baxter, my daughter", "07700 900 231", "Susan, and my neighbour Pat"):
        assert said in wishes_page
    assert words(easy_read, "future_care", "kept_where", where="In the yellow folder, at the front") in wishes_page
    assert plain(STANDARD["future_care"]["form"]["respect"]) in wishes_page
    assert plain(STANDARD["future_care"]["adrt"]["no"]) in wishes_page
    assert words(easy_read, "future_care", "check_the_form") in wishes_page


def test_the_name_the_person_chose_is_the_printouts_title(demo):
    version = _lornas_draft_with(demo, FutureCareWishes(), plan_title="My health plan")
    data = printout(demo, version, False, False)
    assert body(page_texts(data)[0]).startswith("My health plan")
    assert reader(data).metadata.title == "DRAFT: My health plan"
    usual = printout(demo, _uuid(demo, JAMES_NHS)[1], False, False)  # agreed 60 days before 2 March: 1 + 28 + 31
    assert flat(page_texts(usual)[0]).split("agreed on 1 January 2026", 1)[1].strip().startswith(STANDARD["title"])


def test_agreed_wishes_are_fixed_with_their_version_and_carried_into_the_next_draft_marked_for_checking(tmp_path):
    from careplan_desktop.services.planning.agreement import agree_plan
    from careplan_desktop.ui.consultation.opening import carried_text

    vault = create_demo_vault(tmp_path / "demo.vault", DEMO_PASSPHRASE, patients=0, today=TODAY)
    try:
        agreed_wishes = dataclasses.replace(WISHES, on_printout=True)
        version = _lornas_draft_with(vault, agreed_wishes, plan_title="My health plan")
        outcome = agree_plan(vault, version, agreed_by_person="Lorna Baxter", agreed_by_clinician="Andrea Clarke",
                             confirm_missing=True, practice=DEMO_PRACTICE)
        assert outcome.agreed, outcome
        agreed = load_version(vault, version)
        assert agreed.future_care == agreed_wishes and agreed.plan_title == "My health plan"
        with pytest.raises(DraftAgreedError):  # an agreed version is fixed: its wishes cannot change in place
            save_draft(vault, dataclasses.replace(agreed, future_care=FutureCareWishes()), today=TODAY)

        nxt = start_draft(vault, _uuid(vault, LORNA_NHS)[0], today=TODAY)
        assert nxt.future_care == agreed_wishes  # carried, consent and all ...
        assert {"future_care.choice", "plan_title"} <= carried_text(nxt, agreed)  # ... and marked for checking
    finally:
        vault.lock()
