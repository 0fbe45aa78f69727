"""The register's filters: register status (on the register by default; died, moved away, left
it, or everyone), condition, level of need, this month's recall status, care planning offer,
review due or overdue, named lead professional. Hidden behind a "Filters" button; the
choice applies on top of the search.

What the filters look at is read off the GUI thread the first time a filter is chosen, and
again after any change while a filter is on (`services.register.filters`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QWidget

from careplan_desktop.models import LEVEL_NAMES
from careplan_desktop.domain.reference import reference_data_for_choosing
from careplan_desktop.services.register.listing import RegisterRow
from careplan_desktop.services.register.filters import (
    DUE,
    DUE_OR_OVERDUE,
    NO_LEAD,
    NOT_DUE,
    ON_REGISTER,
    OVERDUE,
    REGISTER_CHOICES,
    FilterFacts,
    RegisterFilter,
    load_filter_facts,
    matching,
    register_matches,
)

from ..context import AppContext
from ..widgets import muted

ANY = "Any"
RECALL = (("to_invite", "To invite"), ("invited", "Invited"), ("booked", "Booked"), ("seen", "Seen"),
          ("did_not_attend", "Did not attend"), ("declined", "Declined this review"),
          ("letter_sent", "Results letter sent"), (NOT_DUE, "Not due this month"))
OFFERS = (("not_offered", "Not yet offered"), ("offered", "Offered"), ("accepted", "Accepted"),
          ("declined", "Declined"))
REVIEWS = ((DUE, "Due this month"), (OVERDUE, "Overdue"), (DUE_OR_OVERDUE, "Due or overdue"))


class RegisterFilterBar(QWidget):
    changed = Signal()  # the choice changed, or the facts behind it were read again

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("register_filters")
        self.context = context
        self.facts: FilterFacts | None = None
        self._stale = True
        self._loading = False
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        conditions = tuple((c.code, c.name) for c in reference_data_for_choosing().conditions)
        levels = tuple((n, f"{n} – {LEVEL_NAMES[n]}") for n in (1, 2, 3))
        for index, (name, label, options) in enumerate((
                ("register", "Register", REGISTER_CHOICES), ("condition", "Condition", conditions), ("level", "Level", levels),
                ("recall_status", "Recall this month", RECALL), ("offer_status", "Offer", OFFERS),
                ("review", "Review", REVIEWS), ("lead_professional", "Lead professional", ()))):
            combo = QComboBox(self)
            combo.setObjectName(f"filter_{name}")
            combo.setAccessibleName(f"Filter by {label.lower()}")
            # never as wide as its longest entry: a long condition or lead name must not widen the window
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            if name != "register":  # the register status has no "any": on the register unless chosen
                combo.addItem(ANY, None)
            for value, text in options:
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(self._chosen)
            combo.currentTextChanged.connect(combo.setToolTip)  # the whole name, when the box cuts it short
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            row, column = divmod(index, 3)
            grid.addWidget(caption, row, 2 * column)
            grid.addWidget(combo, row, 2 * column + 1)
            self.combos[name] = combo
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.setObjectName("clear_filters")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_choice)
        self.note = muted("", self, factor=1.0)
        self.note.setObjectName("filter_note")
        grid.addWidget(self.clear_button, 3, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.note, 3, 2, 1, 4)
        self._fill_leads([])
        context.changes.changed.connect(self._data_changed)

    # -- the choice ----------------------------------------------------------------------------------
    def current(self) -> RegisterFilter:
        return RegisterFilter(**{name: combo.currentData() for name, combo in self.combos.items()})

    def clear_choice(self) -> None:
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._chosen()

    def _chosen(self) -> None:
        if not self.current().is_empty and (self.facts is None or self._stale):
            self.load_facts()
        self.changed.emit()

    def _fill_leads(self, names: list[str]) -> None:
        combo = self.combos["lead_professional"]
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ANY, None)
        combo.addItem("None named", NO_LEAD)
        for name in names:
            combo.addItem(name, name)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    # -- applying it -----------------------------------------------------------------------------------
    def filter_rows(self, rows: list[RegisterRow]) -> list[RegisterRow]:
        """The rows the register shows: by default only the people on the register (so its count
        is the register's figure), then the other filters chosen."""
        chosen = self.current()
        everyone = len(rows)
        rows = [row for row in rows if register_matches(chosen.register, row.register_status)]
        if chosen.is_empty:
            hidden = everyone - len(rows)
            self.note.setText(f"{hidden:,} {'person' if hidden == 1 else 'people'} no longer on the register "
                              "(died, moved away or left it) not shown: choose them under Register."
                              if chosen.register == ON_REGISTER and hidden else "")
            return rows
        if self.facts is None:
            self.note.setText("Reading the register for the filters…")
            self.load_facts()  # (after an unlock, with a filter still chosen)
            return rows
        keep = matching(self.facts, chosen, (row.uuid for row in rows))
        shown = [row for row in rows if row.uuid in keep]
        self.note.setText(f"{len(shown):,} of {len(rows):,} people match the filters.")
        return shown

    # -- the facts behind it ---------------------------------------------------------------------------
    def load_facts(self) -> None:
        if self._loading or not self.context.is_unlocked:
            return
        vault, today = self.context.vault, self.context.today()
        intervals = dict(self.context.practice.review_months)
        self._loading, self._stale = True, False
        self.context.tasks.read(lambda control: load_filter_facts(vault, today, intervals),
                                name="register filters", on_finished=self._facts_loaded,
                                on_failed=self._facts_failed, on_cancelled=self._facts_cancelled)

    def _facts_loaded(self, facts: FilterFacts) -> None:
        self._loading = False
        if not self.context.is_unlocked:
            return
        self.facts = facts
        self._fill_leads(facts.lead_professionals())
        if self._stale:  # changed again while reading
            self.load_facts()
        self.changed.emit()

    def _facts_failed(self, message: str) -> None:
        self._loading = False
        self.note.setText(message)

    def _facts_cancelled(self) -> None:
        self._loading, self._stale = False, True

    def _data_changed(self, _what: frozenset) -> None:
        self._stale = True
        if self.facts is not None and not self.current().is_empty:
            self.load_facts()

    def forget(self) -> None:
        """The app is locking: drop what was read (the choice itself holds no patient data)."""
        self.facts = None
        self._stale = True
        self.note.setText("")
