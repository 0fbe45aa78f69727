"""The register: search as you type, a table of everyone, and one person's overview.

Keyboard first: Ctrl+F lands in the search box; Up/Down/Page Up/Page Down there move the
selection in the table; Enter opens the selected person (or the first match); Escape clears
the search. Opening a person is audited ("viewed") by the service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from careplan_desktop.domain.nhs_number import has_other_digits
from careplan_desktop.services.register.filters import ON_REGISTER
from careplan_desktop.services.register.listing import PersonOverview, load_register, open_person

from ..changes import REGISTER, changed_people
from ..context import AppContext
from .entry import RegisterEntry
from ..plan.windows import PlanWindows
from ..screen import AreaScreen
from .layout import RegisterLayout
from .model import RegisterModel

SEARCH_STASH_KEY = "search"
_NAVIGATION_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


def read_person(vault, uuid: str, today, *, audit: bool = True) -> tuple[PersonOverview, list]:
    """On the worker: the overview (audited as viewed, unless only refreshed) and the plan's
    history, in one job."""
    from careplan_desktop.services.review.plan_review import plan_timeline  # imported when first used: start-up

    person = open_person(vault, uuid, today, audit=audit)
    return person, plan_timeline(vault, uuid)


def people_count(shown: int, total: int) -> str:
    noun = "person" if total == 1 else "people"
    return f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"


class RegisterScreen(AreaScreen):
    person_opened = Signal(str)  # uuid, once the overview shows them

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("register_screen")
        self.model = RegisterModel(today=context.today, parent=self)
        self.ui = RegisterLayout(self, self.model)
        self.search = self.ui.search
        self.table = self.ui.table
        self.overview = self.ui.overview
        self.count_label = self.ui.count_label
        self._generation = 0  # bumped on lock: late results of older loads are dropped
        self._loaded = False
        # Add person (Ctrl+N), Edit on the overview, Import from practice system
        self.entry = RegisterEntry(context, self, open_person=self.open_person)
        self.layout().insertWidget(1, self.entry.bar)
        self.overview.edit_requested.connect(self.entry.edit_person)
        self._last_loaded: tuple = ([], {})  # shown again through the filters when they change
        self.entry.filters_changed.connect(self.refilter)
        self.overview.enter_results.connect(self._enter_results)
        self.overview.reprint_letter.connect(self._reprint_letter)
        self.plan_windows = PlanWindows(context, self)  # "Care plan..." from the overview
        self.overview.plan_requested.connect(self.plan_windows.open)
        self.overview.consultation_requested.connect(self._open_consultation)
        self.overview.register_status_requested.connect(self.ask_register_status)
        self.overview.restore_requested.connect(self.ask_restore)
        self.overview.level_change_requested.connect(self.ask_change_level)
        self.overview.re_entry_requested.connect(self.ask_re_enter)
        self.status_dialog = None  # the register status dialog or the restore question, while open

        self.search.textChanged.connect(self._filter_changed)
        self.search.returnPressed.connect(self.open_selected)
        self.search.installEventFilter(self)
        self.table.activated.connect(self._open_index)  # Enter and double-click
        context.changes.changed.connect(self._data_changed)
        self._show_count()

    # -- other screens, imported when first used (they pull in reportlab and more: start-up stays fast)
    def _enter_results(self, uuid: str) -> None:
        from ..results import open_results_entry

        open_results_entry(self.context, uuid, self)

    def _reprint_letter(self, uuid: str) -> None:
        from ..letters import reprint_results_letter

        reprint_results_letter(self.context, uuid, self)

    def ask_register_status(self, uuid: str) -> None:
        """"Register status…": died, moved away or left the register (the overview refreshes when
        the write reports the change)."""
        from .status_dialog import ask_register_status

        person = self.overview.person
        if person is not None and person.uuid == uuid and self.context.is_unlocked:
            self.status_dialog = ask_register_status(self.context, uuid, person.full_name, self)

    def ask_restore(self, uuid: str) -> None:
        from .status_dialog import confirm_restore

        person = self.overview.person
        if person is not None and person.uuid == uuid and self.context.is_unlocked:
            self.status_dialog = confirm_restore(self.context, uuid, person.full_name, person.register_status_text,
                                                 self, on_failed=self.overview.show_message)

    def ask_change_level(self, uuid: str) -> None:
        """"Change level of need…": the next review worked out again, the change on the timeline."""
        from ..review.care_level import ask_change_level

        person = self.overview.person
        if person is not None and person.uuid == uuid and self.context.is_unlocked:
            self.status_dialog = ask_change_level(self.context, uuid, person.full_name, person.level, self,
                                                  on_done=self._care_changed, on_failed=self.overview.show_message)

    def ask_re_enter(self, uuid: str) -> None:
        """"Back into active review…": a new draft from the last plan, a review due now."""
        from ..review.care_level import ask_re_enter

        person = self.overview.person
        if person is not None and person.uuid == uuid and self.context.is_unlocked:
            self.status_dialog = ask_re_enter(self.context, uuid, person.full_name, self,
                                              on_done=self._care_changed, on_failed=self.overview.show_message)

    def _care_changed(self, message: str) -> None:
        """Said in the window's status bar; the overview shows the new level, review date and history
        when the change is told (`_data_changed`)."""
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(message, 15000)

    # -- loading ---------------------------------------------------------------------------
    def vault_unlocked(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the register again off the GUI thread; keeps the search and selection."""
        if not self.context.is_unlocked:
            return
        vault = self.context.vault
        today = self.context.today()
        generation = self._generation
        if not self._loaded:
            self.count_label.setText("Loading the register…")
        self.context.tasks.read(
            lambda control: load_register(vault, today),
            name="load register",
            on_finished=lambda loaded: self._register_loaded(loaded, generation),
        )

    def _register_loaded(self, loaded: tuple, generation: int) -> None:
        if generation != self._generation or not self.context.is_unlocked:
            return
        self._last_loaded = loaded
        rows, preferred = self.entry.filter_rows(loaded)
        selected = self.selected_uuid()
        self.model.set_rows(rows, preferred, filter_text=self.search.text())
        self._loaded = True
        self._after_filter(keep_uuid=selected)
        QTimer.singleShot(0, self.model, self.model.build_search)  # after the first paint

    def refilter(self) -> None:
        """The register filters changed: show the last load again through them."""
        if self._loaded:
            self._register_loaded(self._last_loaded, self._generation)

    # -- searching -----------------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        if not self._loaded:
            return
        self.model.set_filter(text)
        self._after_filter()

    def _after_filter(self, keep_uuid: str | None = None) -> None:
        row = self.model.view_row_of(keep_uuid) if keep_uuid else None
        if row is None and self.model.rowCount() and self.search.text().strip():
            row = 0  # a search selects its first match, so Enter opens it
        if row is not None:
            self._select_row(row)
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        if not self._loaded:
            text = ""
        elif total == 0:
            text = "No one is on the register yet."
        elif shown == 0:
            text = f"No one matches “{self.search.text().strip()}” (of {people_count(total, total)})"
            if has_other_digits(self.search.text()):
                text += ". Type numbers with the ordinary number keys 0-9."
            elif self.entry.filters.current().register == ON_REGISTER and any(
                    not row.on_register for row in self._last_loaded[0]):
                text += ". People no longer on the register are not shown: choose them under Filters, Register."
        else:
            text = people_count(shown, total)
        self.count_label.setText(text)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def selected_uuid(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row()).uuid

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in _NAVIGATION_KEYS and self.model.rowCount():
                if not self.table.currentIndex().isValid():
                    self._select_row(0)
                    return True
                QApplication.sendEvent(self.table, key_event)  # the table moves its selection
                return True
            if key_event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> bool:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    # -- opening a person ----------------------------------------------------------------
    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self._open_index(index)

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid() or not self.context.is_unlocked:
            return
        self.open_person(self.model.row_at(index.row()).uuid)

    def open_person(self, uuid: str, *, refresh: bool = False) -> None:
        """Show this person's overview. Opening is audited, so it queues with the writes; a
        refresh of the person already shown (after a change elsewhere) is a plain read."""
        vault = self.context.vault
        today = self.context.today()
        generation = self._generation
        run = self.context.tasks.read if refresh else self.context.tasks.write
        run(
            lambda control: read_person(vault, uuid, today, audit=not refresh),
            name="refresh person" if refresh else "open person",
            on_finished=lambda person: self._person_loaded(person, generation),
            on_failed=self._open_failed,
        )

    def _person_loaded(self, loaded: tuple[PersonOverview, list], generation: int) -> None:
        if generation != self._generation or not self.context.is_unlocked:
            return
        person, timeline = loaded
        self.overview.show_person(person, timeline)
        self.person_opened.emit(person.uuid)

    def _open_failed(self, message: str) -> None:
        if self.context.is_unlocked:
            self.overview.show_message(message)
            self.reload()

    def _open_consultation(self, uuid: str) -> None:
        """"Start consultation": the Consultation area opens this person's plan."""
        window = self.window()
        if any(getattr(area, "key", "") == "consultation" for area in getattr(window, "areas", ())):
            window.show_area("consultation").open_person(uuid)

    # -- changes elsewhere -----------------------------------------------------------------
    def _data_changed(self, what: frozenset) -> None:
        if not self.context.is_unlocked:
            return
        if REGISTER in what:
            self.reload()
        shown = self.overview.person
        if shown is not None and shown.uuid in changed_people(what):
            self.open_person(shown.uuid, refresh=True)

    # -- locking -----------------------------------------------------------------------------
    def stash_unsaved(self) -> dict[str, Any]:
        text = self.search.text()
        return {**({SEARCH_STASH_KEY: text} if text else {}), **self.entry.stash()}

    def restore_unsaved(self, stash: dict[str, Any]) -> None:
        text = stash.get(SEARCH_STASH_KEY, "")
        if text:
            self.search.setText(text)
        self.entry.restore(stash)

    def clear_patient_data(self) -> None:
        self._generation += 1
        if self.status_dialog is not None:  # never left open over a locked screen
            try:
                self.status_dialog.close()
            except RuntimeError:  # already closed and deleted
                pass
            self.status_dialog = None
        self.plan_windows.close_all()
        self._loaded = False
        self.entry.clear()
        self._last_loaded = ([], {})
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.clear()
        self.overview.clear()
        self._show_count()
