"""Issue 17: the person's future care wishes and the name of their plan, entered in the
consultation with keys and clicks like a nurse, on a copy of the demo vault; what is asserted is
what the vault holds (and then what the printout shows)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from careplan_desktop.documents.yellow_folder import render_yellow_folder
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.printout import yellow_folder_data
from careplan_desktop.services.planning.versions import current_draft
from careplan_desktop.store import Vault

from ..documents.pdf_text import page_texts
from .consultation_child import click, focused, go_to_section, open_consultation, press, start_plan, type_text
from .test_consultation import saved, uuid_for


@pytest.fixture
def window(demo_vault_path: Path, make_context, open_window):
    return open_window(make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)))


def test_lornas_future_care_wishes_typed_and_agreed_for_her_printout(qtbot, window) -> None:
    vault = window.context.vault
    lorna = uuid_for(vault, LORNA_NHS)
    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    start_plan(screen, qtbot.waitUntil, blank=False)
    saved(qtbot, screen)
    go_to_section(screen, "End of life and budget")
    page = screen.pages["optional"]

    # The plan's name first: she calls it her health plan (the cursor starts there)
    assert focused() is page.plan_title
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("My health plan")

    # Future care wishes: closed until opened; she does not want to talk about it now
    editor = page.future_care
    assert not page.end_of_life.is_open
    click(page.end_of_life.toggle)
    assert page.end_of_life.is_open
    click(editor.choice_buttons["not now"])
    assert not editor.wishes.isVisible(), "not now is a whole answer: no fields to fill"
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved(qtbot, screen)
    draft = current_draft(vault, lorna)
    assert (draft.plan_title, draft.future_care.choice, draft.future_care.on_printout) == ("My health plan", "not now",
                                                                                          False)

    # Later in the talk she wants to: her words, typed field by field with Tab
    click(editor.choice_buttons["talked"])
    assert editor.wishes.isVisible()
    click(editor.what_matters)
    type_text("Being at home with Susan and my cat.")
    press(Qt.Key.Key_Tab)
    assert focused() is editor.place_of_care
    type_text("At home")
    press(Qt.Key.Key_Tab)
    type_text("At home, in my own bed")
    press(Qt.Key.Key_Tab)
    assert focused() is editor.form
    press(Qt.Key.Key_Down)  # Not recorded -> No form
    press(Qt.Key.Key_Down)  # -> ReSPECT form
    assert editor.form_where.isEnabled()
    press(Qt.Key.Key_Tab)
    assert focused() is editor.form_where
    type_text("Yellow folder, front pocket")
    press(Qt.Key.Key_Tab)
    assert focused() is editor.lpa
    press(Qt.Key.Key_Down)  # Yes
    press(Qt.Key.Key_Tab)
    type_text("Susan Baxter, daughter")
    press(Qt.Key.Key_Tab)
    type_text("07700 900 231")
    press(Qt.Key.Key_Tab)
    assert focused() is editor.adrt
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Down)  # No
    assert not editor.adrt_where.isEnabled(), "nowhere to keep an advance decision she has not made"
    click(editor.who_to_tell)
    type_text("Susan and Pat")
    click(editor.on_printout)
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved(qtbot, screen)

    wishes = current_draft(vault, lorna).future_care
    assert (wishes.choice, wishes.what_matters, wishes.place_of_care, wishes.place_of_death) == (
        "talked", "Being at home with Susan and my cat.", "At home", "At home, in my own bed")
    assert (wishes.resuscitation_form, wishes.form_kept_where) == ("ReSPECT", "Yellow folder, front pocket")
    assert (wishes.lpa, wishes.lpa_who, wishes.lpa_contact) == ("yes", "Susan Baxter, daughter", "07700 900 231")
    assert (wishes.advance_decision, wishes.who_to_tell, wishes.on_printout) == ("no", "Susan and Pat", True)

    out = io.BytesIO()
    render_yellow_folder(yellow_folder_data(vault, current_draft(vault, lorna).version_uuid), out)
    pages = page_texts(out.getvalue())
    assert "My health plan" in pages[0]
    wishes_pages = " ".join(pages[-2:])  # her large print may take the page on to a second
    assert "Yellow folder, front pocket" in wishes_pages and "My wishes for my future care" in wishes_pages


def test_the_plan_view_shows_every_recorded_wish_and_whether_it_is_printed() -> None:
    from careplan_desktop.services.planning.versions import FutureCareWishes, PlanDraft
    from careplan_desktop.ui.plan.plan_html import plan_html

    wishes = FutureCareWishes(choice="talked", place_of_death="At home", resuscitation_form="DNACPR",
                              form_kept_where="Kitchen drawer", on_printout=False)
    page = plan_html(PlanDraft("v", "p", plan_title="My support plan", future_care=wishes))
    for shown in ("My support plan", "Talking about future care: talked", "Where I would like to die: At home",
                  "ReSPECT or DNACPR form: DNACPR", "Where the form is kept: Kitchen drawer"):
        assert shown in page
    assert "Future care wishes on the printout</h3><p style='margin-top:0'>no</p>" in page
    assert "Future care" not in plan_html(PlanDraft("v", "p"))  # never asked: nothing shown
