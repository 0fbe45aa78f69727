"""In the agree dialog: what changed since the version this draft grew from, shown before the
nurse agrees it (read off the GUI thread with `compare_versions`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from careplan_desktop.services.planning.agreement import Difference, compare_versions

from ..context import AppContext

SHOWN = 12  # lines; the versions dialog shows everything
KIND_WORDS = {"added": "added", "removed": "removed", "changed": "changed"}


def difference_line(difference: Difference) -> str:
    text = difference.after or difference.before
    if difference.kind == "changed":
        text = f"{difference.before} \u2192 {difference.after}"
    return f"\u2022 {difference.title}, {KIND_WORDS.get(difference.kind, difference.kind)}: {text}"


class ChangesSummary(QGroupBox):
    def __init__(self, context: AppContext, parent_uuid: str, parent_number: int, draft_uuid: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"What changed since version {parent_number}", parent)
        self.setObjectName("changes_summary")
        self.label = QLabel("Reading the two versions…", self)
        self.label.setObjectName("changes_list")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.label)
        self.context, self.parent_uuid, self.draft_uuid = context, parent_uuid, draft_uuid
        self.reload()

    def reload(self) -> None:
        """Compare again (the draft changed while the dialog was open)."""
        self.differences = None
        vault, parent_uuid, draft_uuid = self.context.open_vault(), self.parent_uuid, self.draft_uuid
        self.context.tasks.read(lambda control: compare_versions(vault, parent_uuid, draft_uuid),
                                name="compare versions", on_finished=self._show, on_failed=self.label.setText)

    def _show(self, differences: list[Difference]) -> None:
        self.differences = differences
        if not differences:
            self.label.setText("Nothing has changed: this version says the same as the last one.")
            return
        lines = [difference_line(d) for d in differences[:SHOWN]]
        if len(differences) > SHOWN:
            lines.append(f"…and {len(differences) - SHOWN} more (Versions… shows them all)")
        self.label.setText("\n".join(lines))
