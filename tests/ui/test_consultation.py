"""The consultation workspace, driven like a nurse with the keyboard and mouse, on a copy of
the demo vault; every assertion about what was saved reads the vault itself.

Lorna already has an agreed plan. Her consultation here starts a *blank* plan (the button a
nurse would press for a fresh start), so the vault must hold exactly what was typed and
nothing else; starting from her last agreed plan is tested separately (carried forward).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractScrollArea, QAbstractSpinBox, QComboBox, QPlainTextEdit, QScrollBar,
    QWidget,
)
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JACK_NHS, JAMES_NHS, LORNA_NHS
from careplan_desktop.services.directory.entries import import_directory_csv, list_directory, sample_directory_path
from careplan_desktop.services.planning.versions import current_draft, default_review_date, load_version
from careplan_desktop.services.planning.agreement import versions_of
from careplan_desktop.store import Vault
from careplan_desktop.ui.consultation.fields import CARRIED_FORWARD
from careplan_desktop.ui.consultation.header import carried_count
from careplan_desktop.ui.vault import UnlockDialog

from .consultation_child import (
    click, focused, go_to_section, open_consultation, press, start_plan, tick_first_entry, type_text,
)

LORNA_STORY = {
    "story_new": "My knees are worse this winter and I had a fall in the kitchen.",
    "story_good": "I still cook my own dinner and Susan comes every Sunday.",
    "story_tough": "Getting to bingo when my knees are bad.",
    "what_matters": "Staying in my own home, and bingo with Pat on Thursdays.",
}
GOAL_1 = "To keep my sugars steady so I can stay in my own home."
GOAL_2 = "To go to bingo every Thursday with my neighbour Pat."
WARNING_SIGNS = "Before a hypo I feel shaky, sweaty and muddled."
WHAT_I_DO = "I drink a small glass of orange juice, sit down, and check again in 15 minutes."
CONTACT = ("Andrea Clarke, community matron", "01632 960 777", "Monday to Friday, 9am to 5pm",
           "A hypo, or if I feel muddled")
MEDICINES = (("Metformin", "500 mg", "blue", "Twice a day with breakfast and tea", "Diabetes"),
             ("Bisoprolol", "2.5 mg", "yellow", "Every morning", "My heart"))


def uuid_for(vault: Vault, nhs_number: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == nhs_number))


def someone_without_a_plan(vault: Vault) -> str:
    with vault.reader() as session:
        uuids = list(session.scalars(select(Patient.uuid).where(Patient.nhs_number.notin_([LORNA_NHS, JACK_NHS,
                                                                                            JAMES_NHS]))))
    for uuid in uuids:
        if not versions_of(vault, uuid):
            return uuid
    raise AssertionError("every demo person has a plan")


@pytest.fixture
def window(demo_vault_path: Path, make_context, open_window):
    vault = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)
    import_directory_csv(vault, sample_directory_path())  # the practice's directory, as shipped
    return open_window(make_context(demo_vault_path, vault))


def saved(qtbot, screen) -> None:
    """Wait until autosave has nothing left to write."""
    qtbot.waitUntil(lambda: not screen.autosave.is_dirty and not screen.autosave.is_saving, timeout=10_000)
    assert screen.ui.status.text().startswith("Saved "), screen.ui.status.text()


def choose_first_condition(qtbot) -> None:
    """The tags button opens its menu (a popup with its own event loop): tick the first entry."""
    tick_first_entry(lambda: press(Qt.Key.Key_Space))


def test_lornas_consultation_typed_like_a_nurse_is_in_her_draft(qtbot, window) -> None:
    vault = window.context.vault
    lorna = uuid_for(vault, LORNA_NHS)
    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    assert window.current_screen() is screen
    assert screen.ui.start.from_agreed.isVisible(), "Lorna's last agreed plan is offered"
    start_plan(screen, qtbot.waitUntil, blank=True)
    with vault.reader() as session:
        first_event = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    assert not screen.ui.carried.isVisible()

    # About me: the cursor is already in "What's new"; Tab goes through the story
    about = screen.pages["about_me"]
    assert focused() is about.fields["story_new"]
    for name, text in LORNA_STORY.items():
        assert focused() is about.fields[name]
        type_text(text)
        press(Qt.Key.Key_Tab)

    # Two goals in her words: Alt+N adds the first, Ctrl+Enter the next
    go_to_section(screen, "My goals")
    goals = screen.pages["goals"].goals
    assert focused() is goals.add_button
    press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    type_text(GOAL_1)
    press(Qt.Key.Key_Tab)
    assert focused() is goals.cards[0].editors["addresses"]
    choose_first_condition(qtbot)
    qtbot.waitUntil(lambda: goals.cards[0].editors["addresses"].value() == ("diabetes-type-2",))
    # the menu closed: the keyboard carries on from the button that opened it
    qtbot.waitUntil(lambda: focused() is goals.cards[0].editors["addresses"])
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert focused() is goals.cards[1].editors["text"]
    type_text(GOAL_2)

    # Support from others: picked from the directory by typing
    go_to_section(screen, "What I will do and support")
    support = screen.pages["support"]
    click(support.picker)
    type_text("befriend")
    popup = support.picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(support.support.cards) == 1)
    befriending = next(e for e in list_directory(vault) if "befriending" in e.name)
    assert support.support.cards[0].editors["name"].text() == befriending.name

    # When things go wrong: her warning signs, what she does, and the number to call
    go_to_section(screen, "When things go wrong")
    contingency = screen.pages["contingency"]
    assert focused() is contingency.warning_signs
    type_text(WARNING_SIGNS)
    press(Qt.Key.Key_Tab)
    type_text(WHAT_I_DO)
    press(Qt.Key.Key_Tab)
    assert focused() is contingency.contacts.add_button
    press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    for n, text in enumerate(CONTACT):
        if n:
            press(Qt.Key.Key_Tab)
        type_text(text)

    # Her medicines with the colours of her containers
    go_to_section(screen, "Medicines and equipment")
    medicines = screen.pages["medicines"].medicines
    press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    for index, medicine in enumerate(MEDICINES):
        if index:
            press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        for n, text in enumerate(medicine):
            if n:
                press(Qt.Key.Key_Tab)
            type_text(text)
    assert [card.editors["colour"].value() for card in medicines.cards] == ["blue", "yellow"]

    QTest.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved(qtbot, screen)

    # The vault holds exactly that in her draft
    draft = current_draft(vault, lorna)
    assert draft.version_uuid == screen.draft.version_uuid and draft.status == "draft"
    for name, text in LORNA_STORY.items():
        assert getattr(draft.about_me, name) == text
    assert [(g.text, g.addresses, g.status) for g in draft.goals] == [
        (GOAL_1, ("diabetes-type-2",), "active"), (GOAL_2, (), "active")]
    assert [(s.name, s.kind, s.directory_entry_uuid) for s in draft.support] == [
        (befriending.name, befriending.kind, befriending.uuid)]
    assert draft.contingency.warning_signs == WARNING_SIGNS
    assert draft.contingency.what_i_do == WHAT_I_DO
    assert [(c.name, c.phone, c.hours, c.when_to_call) for c in draft.contingency.contacts] == [CONTACT]
    assert [(m.name, m.dose, m.colour, m.when, m.purpose) for m in draft.medicines] == list(MEDICINES)
    assert draft.review_date == default_review_date(3, window.context.today(), window.context.practice)
    assert (draft.self_care, draft.information, draft.actions, draft.risks, draft.equipment, draft.participants) == (
        (), (), (), (), (), ())
    assert draft.purpose == "" and draft.budget is None and draft.confidence is None
    assert carried_count(draft) == 0

    # ... with audit events naming each part, by this user
    with vault.reader() as session:
        events = session.execute(
            select(AuditEvent.action, AuditEvent.entity, AuditEvent.record_uuid, AuditEvent.user_uuid)
            .where(AuditEvent.id > first_event)
        ).all()
    created = {(entity, record) for action, entity, record, _ in events if action == "created"}
    for goal in draft.goals:
        assert ("goal", goal.uuid) in created
    for medicine in draft.medicines:
        assert ("medication", medicine.uuid) in created
    assert ("support_service", draft.support[0].uuid) in created
    assert ("contingency_contact", draft.contingency.contacts[0].uuid) in created
    assert any(a == "changed" and e == "plan_version" and r == draft.version_uuid for a, e, r, _ in events)
    assert {user for *_, user in events} == {vault.actor.user_uuid}


def test_james_budget_over_the_amount_is_refused_with_the_rule_message(qtbot, window) -> None:
    vault = window.context.vault
    james = uuid_for(vault, JAMES_NHS)
    screen = open_consultation(window, "okafor", qtbot.waitUntil)
    start_plan(screen, qtbot.waitUntil, blank=False)
    saved(qtbot, screen)
    go_to_section(screen, "End of life and budget")
    page = screen.pages["optional"]
    assert page.budget_part.is_open, "his budget was carried forward, so the part is open"
    assert page.budget_carried.isVisible()
    assert page.total.text() == "Costed lines £23,000.00 of £24,000.00: £1,000.00 left"

    click(page.lines.add_button)
    card = page.lines.cards[-1]
    assert focused() is card.editors["category"]
    press(Qt.Key.Key_Tab)
    type_text("2,000")
    press(Qt.Key.Key_Tab)
    type_text("Extra physiotherapy after my shoulder operation")
    message = ("The costed lines add up to £25,000.00, more than the budget of £24,000.00. "
               "Lower a line or record the larger budget.")
    assert page.problem.isVisible() and page.problem.text().startswith(message)
    assert page.total.text() == "Costed lines £25,000.00 of £24,000.00: £1,000.00 over the budget"

    go_to_section(screen, "About me")
    type_text("My new chair is much better.")
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved(qtbot, screen)
    draft = current_draft(vault, james)
    assert draft.about_me.story_new == "My new chair is much better.", "the rest of the plan still saves"
    assert draft.budget.lines_total_pence == 2_300_000, "the budget stays as last saved, within the amount"
    assert all(line.amount_pence != 200_000 for line in draft.budget.lines)
    assert page.problem.text().startswith(message)

    go_to_section(screen, "End of life and budget")  # a larger budget is recorded: now it saves
    page.amount.setFocus()
    page.amount.selectAll()
    type_text("25,000")
    assert not page.problem.isVisible()
    press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved(qtbot, screen)
    budget = current_draft(vault, james).budget
    assert (budget.amount_pence, budget.lines_total_pence, len(budget.lines)) == (2_500_000, 2_500_000, 5)


def test_a_new_draft_carries_only_the_persons_own_plan_and_marks_it(qtbot, window) -> None:
    vault = window.context.vault
    lorna, james = uuid_for(vault, LORNA_NHS), uuid_for(vault, JAMES_NHS)
    agreed = load_version(vault, next(v.uuid for v in versions_of(vault, lorna) if v.status == "agreed"))

    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    start_plan(screen, qtbot.waitUntil, blank=False)
    draft = screen.draft
    assert draft.patient_uuid == lorna and draft.parent_uuid == agreed.version_uuid
    assert [g.text for g in draft.goals] == [g.text for g in agreed.goals]
    assert all(g.carried_forward for g in draft.goals) and all(m.carried_forward for m in draft.medicines)
    assert screen.ui.carried.isVisible() and "carried forward" in screen.ui.carried.text()
    go_to_section(screen, "My goals")
    goal_cards = screen.pages["goals"].goals.cards
    assert all(card.badge.isVisible() and card.badge.text() == CARRIED_FORWARD for card in goal_cards)
    go_to_section(screen, "About me")
    marks = screen.pages["about_me"]._carried_marks
    assert marks["about_me.what_matters"].isVisible(), "carried text is marked too"
    assert not marks["about_me.story_new"].isVisible(), "the story starts blank in each consultation"

    # Typed for Lorna, then straight to someone with no plan: Lorna keeps her words
    type_text("Lorna's own words")
    other = someone_without_a_plan(vault)
    screen.open_person(other)
    qtbot.waitUntil(lambda: screen.ui.start.blank.isVisible(), timeout=10_000)
    assert current_draft(vault, lorna).about_me.story_new == "Lorna's own words"
    assert not screen.ui.start.from_agreed.isVisible(), "no plan of their own to start from"
    assert screen.ui.start.blank.text().replace("&", "") == "Start a new plan"
    start_plan(screen, qtbot.waitUntil, blank=True)
    fresh = screen.draft
    assert fresh.patient_uuid == other and fresh.parent_uuid is None and carried_count(fresh) == 0
    assert not screen.ui.carried.isVisible()
    typed = screen.collect()
    assert typed.goals == () and typed.medicines == () and typed.about_me.story_new == ""
    saved(qtbot, screen)
    stored = current_draft(vault, other)
    every_text = repr(stored)
    for foreign in (*[g.text for g in agreed.goals], "Lorna's own words", "Metformin", "wheelchair"):
        assert foreign not in every_text
    # and James's own plan carries his budget, nobody else's goals
    screen.open_person(james)
    qtbot.waitUntil(lambda: screen.ui.start.from_agreed.isVisible(), timeout=10_000)
    start_plan(screen, qtbot.waitUntil, blank=False)
    assert [g.text for g in screen.draft.goals] == [
        "Being able to tolerate 12-14 hours per day in my wheelchair without being too tired."]
    assert screen.draft.budget.carried_forward


def test_jacks_draft_in_progress_opens_as_it_is(qtbot, window) -> None:
    vault = window.context.vault
    jack = uuid_for(vault, JACK_NHS)
    before = current_draft(vault, jack)
    screen = open_consultation(window, "morrison", qtbot.waitUntil)
    assert screen.draft is not None and screen.draft.version_uuid == before.version_uuid
    assert screen.collect().goals == before.goals
    assert len(versions_of(vault, jack)) == 1, "no new version was started"
    assert "Breathe Easy" in repr(screen.collect().support)
    assert "FEV1" in screen.side.facts.shown_text() and "COPD" in screen.side.facts.shown_text()


def test_locking_keeps_what_was_typed_and_brings_it_back(qtbot, window) -> None:
    vault = window.context.vault
    lorna = uuid_for(vault, LORNA_NHS)
    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    start_plan(screen, qtbot.waitUntil, blank=True)
    saved(qtbot, screen)
    letter = screen.side.letter.text
    click(letter)
    type_text("I want to ask about my feet.")
    window.lock()  # no pause: autosave has not run yet
    assert screen.ui.states.currentWidget() is screen.ui.placeholder
    assert screen.collect() is None and letter.toPlainText() == ""
    dialog = window.lock_flow.dialog
    assert isinstance(dialog, UnlockDialog)
    qtbot.keyClicks(dialog.passphrase, DEMO_PASSPHRASE)
    QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.draft is not None, timeout=10_000)
    assert screen.side.letter.text.toPlainText() == "I want to ask about my feet."
    saved(qtbot, screen)
    assert current_draft(window.context.vault, lorna).about_me.brought_from_letter == "I want to ask about my feet."
    assert vault is not window.context.vault


def test_sections_move_freely_by_keyboard_with_prompts_and_named_fields(qtbot, window, data_dir: Path) -> None:
    override = data_dir / "resources" / "wording"
    override.mkdir(parents=True)
    bundled = (Path(__file__).parents[2] / "resources" / "wording" / "consultation_prompts.json").read_text("utf-8")
    (override / "consultation_prompts.json").write_text(
        bundled.replace("Start with the person's story", "Our practice: start with the story"), encoding="utf-8")
    screen = open_consultation(window, "morrison", qtbot.waitUntil)  # Jack: a draft in progress
    assert screen.pages["about_me"].prompt.text().startswith("Our practice: start with the story")
    sections = screen.ui.sections
    titles = [sections.item(i).text() for i in range(sections.count())]
    assert titles[:3] == ["About me", "Purpose", "My goals"] and titles[-1] == "Sharing"
    seen = []
    for _ in range(sections.count()):
        page = screen.ui.pages.currentWidget()
        seen.append(page.title)
        assert page.isVisible() and page.prompt.text()
        for field in page.findChildren(QWidget):
            if isinstance(field.parent(), (QAbstractSpinBox, QComboBox)):
                continue  # the box's own line: the box has the name
            if field.focusPolicy() & Qt.FocusPolicy.TabFocus and field.isVisibleTo(page) and not isinstance(
                    field, (QScrollBar, QAbstractScrollArea)) or isinstance(field, QPlainTextEdit):
                name = field.accessibleName() or (field.text() if isinstance(field, QAbstractButton) else "")
                assert name, f"{page.title}: a {type(field).__name__} has no accessible name"
        press(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert seen == titles and sections.currentRow() == 0, "Ctrl+Page Down goes round every section"
    press(Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert screen.ui.pages.currentWidget().title == "Sharing"


def test_closing_the_window_straight_after_typing_saves_it(qtbot, window) -> None:
    path = window.context.vault_path
    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    start_plan(screen, qtbot.waitUntil, blank=True)
    type_text("Typed just before closing")
    assert screen.autosave.is_dirty
    window.close()  # Quit: no pause for autosave
    vault = Vault.unlock(path, DEMO_PASSPHRASE)
    try:
        assert current_draft(vault, uuid_for(vault, LORNA_NHS)).about_me.story_new == "Typed just before closing"
    finally:
        vault.lock()
