"""Keeping the practice's local directory of services: find, add, edit, mark as no longer
offered, and import from a CSV file. Each save or import is one job on the database worker
(one transaction); afterwards every open screen hears "directory" changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QTableWidgetItem, QWidget

from careplan_desktop.services.directory.entries import (
    DirectoryError, DirectoryForm, DirectoryImportReport, DirectoryItem, add_entry, edit_entry,
    import_directory_csv, list_directory, sample_directory_path, set_entry_active,
)

from ..screen_fit import fit_to_screen
from ..context import AppContext
from .layout import DirectoryLayout



def choose_csv_file(parent: QWidget) -> str:
    """Ask for the CSV file to import ('' when cancelled). Tests replace this."""
    start = str(sample_directory_path().parent)
    path, _filter = QFileDialog.getOpenFileName(parent, "Import the directory from a CSV file", start,
                                                "CSV files (*.csv);;All files (*)")
    return path


def report_text(report: DirectoryImportReport) -> str:
    parts = [f"{report.added} added", f"{report.updated} updated", f"{report.unchanged} unchanged"]
    text = "Imported: " + ", ".join(parts) + "."
    if report.bad_rows:
        text += f" {len(report.bad_rows)} row{'s' if len(report.bad_rows) != 1 else ''} skipped:"
        text += "".join(f"\nRow {bad.row_number}: {bad.reason}" for bad in report.bad_rows)
    return text


def _guarded(job):
    """A job whose DirectoryError comes back as a message to show (not a generic failure)."""
    def run(control):
        try:
            return job()
        except DirectoryError as problem:
            return problem
    return run


class DirectoryDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("directory_dialog")
        self.setWindowTitle("Local directory of services")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        metrics = self.fontMetrics()
        fit_to_screen(self, metrics.averageCharWidth() * 150, metrics.height() * 34)
        self.ui = DirectoryLayout(self)
        self.items: list[DirectoryItem] = []
        self.shown: list[DirectoryItem] = []
        self.editing: DirectoryItem | None = None
        self._closed = False

        self.ui.search.textChanged.connect(lambda _t: self._show_items())
        self.ui.show_inactive.toggled.connect(lambda _on: self._show_items())
        self.ui.table.currentCellChanged.connect(lambda row, *_: self._row_chosen(row))
        self.ui.new.clicked.connect(self.new_entry)
        self.ui.save.clicked.connect(self.save)
        self.ui.active.clicked.connect(self.toggle_active)
        self.ui.import_csv.clicked.connect(lambda: self.import_file())
        self.ui.close.clicked.connect(self.accept)
        self.new_entry()
        self.reload()

    # -- loading and showing ------------------------------------------------------------------
    def _submit(self, job, on_finished, *, writes: bool, name: str) -> None:
        if not self.context.is_unlocked or self._closed:
            return
        run = self.context.tasks.write if writes else self.context.tasks.read
        run(
            job, name=name,
            on_finished=lambda result: None if self._closed else on_finished(result),
            on_failed=lambda message: None if self._closed else self.ui.problem.show_problem(message),
        )

    def reload(self, select_uuid: str | None = None) -> None:
        vault = self.context.vault
        self._submit(lambda control: list_directory(vault, include_inactive=True),
                     lambda items: self._loaded(items, select_uuid), writes=False, name="load directory")

    def _loaded(self, items: list[DirectoryItem], select_uuid: str | None) -> None:
        self.items = list(items)
        self._show_items(select_uuid)

    def _matches(self, item: DirectoryItem) -> bool:
        if not item.active and not self.ui.show_inactive.isChecked():
            return False
        words = self.ui.search.text().casefold().split()
        haystack = f"{item.name} {item.kind} {item.offers}".casefold()
        return all(word in haystack for word in words)

    def _show_items(self, select_uuid: str | None = None) -> None:
        select_uuid = select_uuid or (self.editing.uuid if self.editing else None)
        self.shown = [item for item in self.items if self._matches(item)]
        table = self.ui.table
        table.blockSignals(True)
        table.setRowCount(len(self.shown))
        chosen = -1
        for row, item in enumerate(self.shown):
            for column, text in enumerate((item.name, item.kind, item.contact, item.hours,
                                           "Yes" if item.active else "No longer")):
                cell = QTableWidgetItem(text)
                if column == 0 and item.offers:
                    cell.setToolTip(item.offers)
                table.setItem(row, column, cell)
            if item.uuid == select_uuid:
                chosen = row
        table.blockSignals(False)
        if chosen >= 0:
            table.setCurrentCell(chosen, 0)
        total = sum(1 for item in self.items if item.active)
        self.ui.count.setText(f"{len(self.shown)} of {total} services" if len(self.shown) != total
                              else f"{total} service{'s' if total != 1 else ''}")
        kinds = sorted({item.kind for item in self.items}, key=str.casefold)
        typed = self.ui.kind.currentText()
        self.ui.kind.blockSignals(True)
        self.ui.kind.clear()
        self.ui.kind.addItems(kinds)
        self.ui.kind.setEditText(typed)
        self.ui.kind.blockSignals(False)

    def _row_chosen(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            self._edit(self.shown[row])

    def _edit(self, item: DirectoryItem | None) -> None:
        self.editing = item
        ui = self.ui
        ui.problem.clear_problem()
        ui.form_title.setText(f"Editing: {item.name}" if item else "New service")
        ui.name.setText(item.name if item else "")
        ui.kind.setEditText(item.kind if item else "")
        ui.offers.setPlainText(item.offers if item else "")
        ui.contact.setText(item.contact if item else "")
        ui.hours.setText(item.hours if item else "")
        ui.notes.setPlainText(item.notes if item else "")
        ui.active.setEnabled(item is not None)
        ui.active.setText("Offer again" if item is not None and not item.active else "No longer offered")

    # -- changing -------------------------------------------------------------------------------
    def new_entry(self) -> None:
        self.ui.table.clearSelection()
        self._edit(None)
        self.ui.name.setFocus()

    def form(self) -> DirectoryForm:
        ui = self.ui
        return DirectoryForm(name=ui.name.text(), kind=ui.kind.currentText(), offers=ui.offers.toPlainText(),
                             contact=ui.contact.text(), hours=ui.hours.text(), notes=ui.notes.toPlainText())

    def save(self) -> None:
        vault, form, editing = self.context.vault, self.form(), self.editing
        if editing is None:
            job = _guarded(lambda: add_entry(vault, form))
        else:
            job = _guarded(lambda: edit_entry(vault, editing.uuid, form))
        self._submit(job, self._saved, writes=True, name="save directory entry")

    def _saved(self, outcome: DirectoryItem | DirectoryError) -> None:
        if isinstance(outcome, DirectoryError):
            self.ui.problem.show_problem(str(outcome))
            return
        self._edit(outcome)
        self.reload(outcome.uuid)

    def toggle_active(self) -> None:
        editing = self.editing
        if editing is None:
            return
        vault = self.context.vault
        self._submit(_guarded(lambda: set_entry_active(vault, editing.uuid, not editing.active)), self._saved,
                     writes=True, name="directory entry offered")

    def import_file(self, path: str | Path | None = None) -> None:
        path = path or choose_csv_file(self)
        if not path:
            return
        vault = self.context.vault
        self.ui.report.setText("Importing…")
        self.ui.report.show()
        self._submit(_guarded(lambda: import_directory_csv(vault, path)), self._imported, writes=True,
                     name="import directory")

    def _imported(self, outcome: DirectoryImportReport | DirectoryError) -> None:
        if isinstance(outcome, DirectoryError):
            self.ui.report.setText(f"Nothing was imported. {outcome}")
            return
        self.ui.report.setText(report_text(outcome))
        self.reload()

    def done(self, result: int) -> None:  # noqa: D401 (Qt's name)
        self._closed = True
        super().done(result)
