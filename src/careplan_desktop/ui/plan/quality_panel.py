"""Is the plan complete? The nine key elements (seed 002 §3), and the budget for a personal
health budget, each ticked from what the plan holds, with one line on why it matters and what
would complete it; then anything worth a second look (goals that read like services, a goal
list copied from another person's plan).

It informs and never blocks. The consultation workspace calls, after each change:

    panel.show_draft(draft, level_of_need=person_level)     # pure and fast (check_draft)

and after each save (the copied-goals check needs the vault):

    panel.check_saved(draft.version_uuid)                   # check_plan in a worker
    # or, with a report in hand:  panel.show_report(report)

A "copied" finding is remembered for the goals it was made on, so later `show_draft` calls
keep showing it while the goals stay the same, and drop it as soon as they change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from careplan_desktop.services.planning.quality import (
    QualityReport, QualityWordingError, check_draft, check_plan, normalise,
)
from careplan_desktop.services.planning.versions import PlanDraft, load_version

from ..context import AppContext
from ..widgets import heading, labels_text, muted, problem_colour, scaled_font

PLACEHOLDER = "The key elements of the plan show here once a plan is open."
TICK, GAP, WARN = "\u2714", "\u25cb", "\u26a0"  # ✔ ○ ⚠


def _present_colour(palette: QPalette) -> str:
    return "#7fd18b" if palette.color(QPalette.ColorRole.Window).lightness() < 128 else "#1b6e2c"


def _missing_colour(palette: QPalette) -> str:
    """Amber, not red: a missing element informs, it is not an error."""
    return "#ffcc66" if palette.color(QPalette.ColorRole.Window).lightness() < 128 else "#8a5300"


def goals_key(draft: PlanDraft) -> tuple[str, ...]:
    return tuple(sorted(normalise(g.text) for g in draft.goals if g.text.strip()))


def _label(text: str, parent: QWidget, *, rich: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class QualityPanel(QScrollArea):
    """The key-elements check for one plan version. `context` is only needed for `check_saved`."""

    report_changed = Signal(object)  # the QualityReport now shown

    def __init__(self, parent: QWidget | None = None, *, context: AppContext | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quality_panel")
        self.setAccessibleName("Key elements of the plan")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.context = context
        self.report: QualityReport | None = None
        self._draft: PlanDraft | None = None
        self._level = 1
        self._copied: tuple[str, tuple[str, ...]] | None = None  # (version, goals) a vault check found copied
        self._generation = 0
        self._checks = 0
        self._show_message(PLACEHOLDER)

    # -- what the workspace calls ------------------------------------------------------------
    def show_draft(self, draft: PlanDraft, *, level_of_need: int) -> QualityReport | None:
        """Check a draft in hand (no vault) and show the result."""
        self._draft, self._level = draft, level_of_need
        copied = self._copied == (draft.version_uuid, goals_key(draft))
        try:
            report = check_draft(draft, level_of_need=level_of_need, copied_elsewhere=copied)
        except QualityWordingError as error:
            self._show_message(str(error), problem=True)
            return None
        self.show_report(report)
        return report

    def show_report(self, report: QualityReport) -> None:
        """Show a report made elsewhere (for example `check_plan` after a save)."""
        self.report = report
        self._build(report)
        self.report_changed.emit(report)

    def check_saved(self, version_uuid: str | None = None) -> None:
        """Run the full check on the saved version (it includes the copied-goals check, which
        reads other people's plans) off the GUI thread. The copied finding is kept for the goals
        the saved version holds; the draft in hand is then shown again (or, with none in hand
        for that version, the saved version's report)."""
        context = self.context
        version_uuid = version_uuid or (self._draft.version_uuid if self._draft else None)
        if context is None or version_uuid is None or not context.is_unlocked:
            return
        self._checks += 1  # checks run in parallel: only the latest is shown
        vault, generation = context.vault, (self._generation, self._checks)

        def job(control):
            return check_plan(vault, version_uuid), goals_key(load_version(vault, version_uuid))

        context.tasks.read(
            job,
            name="check plan",
            on_finished=lambda result: self._checked(version_uuid, *result, generation),
            on_failed=lambda message: None,  # advisory: the pure check is still on screen
        )

    def _checked(self, version_uuid: str, report: QualityReport, stored_goals: tuple[str, ...],
                 ticket: tuple[int, int]) -> None:
        if ticket != (self._generation, self._checks):
            return
        copied = any(w.code == "goals_copied" for w in report.warnings)
        self._copied = (version_uuid, stored_goals) if copied else None
        if self._draft is not None and self._draft.version_uuid == version_uuid:
            self.show_draft(self._draft, level_of_need=self._level)
        else:
            self.show_report(report)

    def clear(self) -> None:
        """Forget the plan shown (on lock, or when the person's record closes)."""
        self._generation += 1
        self.report, self._draft, self._copied = None, None, None
        self._show_message(PLACEHOLDER)

    # -- reading back (tests, screen readers) ------------------------------------------------
    def ticked(self) -> list[str]:
        return [e.code for e in self.report.elements if e.present] if self.report else []

    def shown_text(self) -> str:
        """Everything the panel shows, one label a line (for tests and screen readers)."""
        return labels_text(self.widget())

    # -- building ----------------------------------------------------------------------------
    def _show_message(self, message: str, *, problem: bool = False) -> None:
        content = QWidget(self)
        layout = QVBoxLayout(content)
        label = muted(message, content, factor=1.0)
        label.setObjectName("quality_message")
        label.setWordWrap(True)
        if problem:
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, problem_colour(palette))
            label.setPalette(palette)
        layout.addWidget(label)
        layout.addStretch(1)
        self.setWidget(content)

    def _build(self, report: QualityReport) -> None:
        content = QWidget(self)
        content.setObjectName("quality_content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(6)
        present = sum(1 for e in report.elements if e.present)
        title = heading(f"Key elements: {present} of {len(report.elements)}", content, factor=1.2)
        title.setObjectName("quality_score")
        layout.addWidget(title)
        summary = _label("", content)
        summary.setObjectName("quality_summary")
        if report.complete:
            summary.setText("The plan has every key element.")
        else:
            summary.setText("Missing: " + "; ".join(e.title for e in report.missing) + ".")
            summary.setFont(scaled_font(summary.font(), 1.0, bold=True))
        layout.addWidget(summary)
        layout.addWidget(_label("This informs; it does not stop you recording what the person chose.", content))
        layout.itemAt(layout.count() - 1).widget().setObjectName("quality_note")
        self._elements(layout, report, content)
        self._unserved(layout, report, content)
        self._warnings(layout, report, content)
        layout.addStretch(1)
        self.setWidget(content)

    def _elements(self, layout: QVBoxLayout, report: QualityReport, content: QWidget) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        good = _present_colour(self.palette())
        amber = _missing_colour(self.palette())
        row = 0
        for element in report.elements:
            mark = QLabel(TICK if element.present else GAP, content)
            mark.setFont(scaled_font(mark.font(), 1.2, bold=True))
            mark.setStyleSheet(f"color: {good if element.present else amber};")
            mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            mark.setAccessibleName("present" if element.present else "missing")
            mark.setObjectName(f"mark_{element.code}")
            grid.addWidget(mark, row, 0)
            name = _label(element.title + ("" if element.present else "  (missing)"), content)
            name.setObjectName(f"element_{element.code}")
            name.setFont(scaled_font(name.font(), 1.0, bold=True))
            if not element.present:
                name.setStyleSheet(f"color: {amber};")
            name.setAccessibleName(f"{element.title}: {'present' if element.present else 'missing'}")
            grid.addWidget(name, row, 1)
            row += 1
            why = muted(element.why, content, factor=0.9)
            why.setWordWrap(True)
            grid.addWidget(why, row, 1)
            row += 1
            if not element.present and element.hint:
                hint = _label(f"To complete: {element.hint}", content)
                hint.setObjectName(f"hint_{element.code}")
                grid.addWidget(hint, row, 1)
                row += 1
            grid.setRowMinimumHeight(row, 6)
            row += 1
        layout.addLayout(grid)

    def _unserved(self, layout: QVBoxLayout, report: QualityReport, content: QWidget) -> None:
        """The golden thread: each goal nothing in the plan serves yet."""
        if report.unserved_goals:
            self._boxes(layout, "How will each goal be met?", report.unserved_goals, content)

    def _warnings(self, layout: QVBoxLayout, report: QualityReport, content: QWidget) -> None:
        if report.warnings:
            self._boxes(layout, "Worth a second look", report.warnings, content)

    def _boxes(self, layout: QVBoxLayout, heading_text: str, warnings, content: QWidget) -> None:
        title = heading(heading_text, content, factor=1.1)
        title.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(title)
        for warning in warnings:
            box = QFrame(content)
            box.setObjectName(f"warning_{warning.code}")
            box.setFrameShape(QFrame.Shape.StyledPanel)
            box.setStyleSheet(f"QFrame#{box.objectName()} {{ border: 1px solid #c7a100; border-radius: 4px;"
                              " background: rgba(255, 224, 138, 60); }")
            inner = QVBoxLayout(box)
            inner.setContentsMargins(8, 6, 8, 6)
            if warning.subject:
                subject = _label(f"{WARN}  \u201c{warning.subject}\u201d", box)
                subject.setFont(scaled_font(subject.font(), 1.0, bold=True))
                inner.addWidget(subject)
            inner.addWidget(_label(warning.message if warning.subject else f"{WARN}  {warning.message}", box))
            layout.addWidget(box)
