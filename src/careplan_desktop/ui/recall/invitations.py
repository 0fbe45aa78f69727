"""Invitation letters for the people selected in Recall (or second invitations after "Did not attend").

    Invitation letters for 12 people                 (or: Second invitations for 2 people)
    10 letters to make. 2 people skipped:  | name | NHS number | why |
    Before you post them, check:           | name | NHS number | what |   (braille, help not arranged)
    Save to [~/Documents/invitations-2025-06.pdf] [Choose…]
                                                        [Make letters] [Close]

Who gets a letter is checked off the GUI thread as the dialog opens; Make lays the letters out,
saves the PDF privately and logs them on each recall, in one write job (a logging failure removes
the PDF). The app cannot print braille: those letters are listed for transcription. The file
name never holds patient data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

from careplan_desktop.domain.nhs_number import formatted
from careplan_desktop.services.letters import invitations as service
from careplan_desktop.services.letters.results_letters import practice_details

from ..context import AppContext
from ..letters.dialog import default_folder, fill_table, people_table
from ..screen_fit import fit_to_screen
from ..widgets import ProblemLabel, heading, muted


def default_file_name(year: int, month: int, second: bool) -> str:
    """The month only: never a person's name or number."""
    return f"{'second-' if second else ''}invitations-{year}-{month:02d}.pdf"


class InvitationsDialog(QDialog):
    def __init__(self, context: AppContext, patient_uuids: Sequence[str], year: int, month: int, *,
                 second: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.year, self.month, self.second = context, year, month, second
        self.patient_uuids = list(dict.fromkeys(patient_uuids))
        self.batch: service.InvitationBatch | None = None
        self.made: int | None = None
        self.saved_to: Path | None = None
        self._busy = False
        self.setObjectName("invitations_dialog")
        what = "Second invitations" if second else "Invitation letters"
        self.setWindowTitle(what)
        count = len(self.patient_uuids)
        inner = QWidget(self)
        body = QVBoxLayout(inner)
        body.addWidget(heading(f"{what} for {count:,} {'person' if count == 1 else 'people'}", inner))
        self.summary = QLabel("Checking who gets a letter…", inner)
        self.summary.setObjectName("invitations_summary")
        self.summary.setWordWrap(True)
        body.addWidget(self.summary)
        self.skipped = people_table(inner, "invitations_skipped", "People skipped, and why",
                                    ["Name", "NHS number", "Why no letter"])
        body.addWidget(self.skipped, 1)
        self.to_check_note = muted("", inner, factor=1.0)
        self.to_check_note.setObjectName("invitations_to_check_note")
        self.to_check_note.setWordWrap(True)
        self.to_check_note.hide()
        body.addWidget(self.to_check_note)
        self.to_check = people_table(inner, "invitations_to_check", "Letters to check before posting",
                                     ["Name", "NHS number", "What to do"])
        body.addWidget(self.to_check, 1)
        body.addStretch(0)  # with both lists hidden, the words stay at the top
        body.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(self)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)

        path_row = QHBoxLayout()
        self.path = QLineEdit(str(default_folder() / default_file_name(year, month, second)), self)
        self.path.setObjectName("invitations_path")
        path_label = QLabel("&Save to", self)
        path_label.setBuddy(self.path)
        path_row.addWidget(path_label)
        path_row.addWidget(self.path, 1)
        self.problem = ProblemLabel("Problem", self)
        self.status = QLabel("", self)
        self.status.setObjectName("invitations_status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        self.make_button = QPushButton("&Make letters", self)
        self.make_button.setObjectName("make_invitations")
        self.make_button.setEnabled(False)
        self.make_button.clicked.connect(self.make)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(self.make_button)
        buttons.addWidget(self.close_button)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(path_row)
        outer.addWidget(self.problem)
        outer.addWidget(self.status)
        outer.addLayout(buttons)
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * 60, 1200))
        metrics = self.fontMetrics()  # room for the lists; never beyond the screen (a large font)
        fit_to_screen(self, metrics.averageCharWidth() * 110, metrics.height() * 28)
        self.check_who()

    def check_who(self) -> None:
        vault, uuids, today = self.context.vault, self.patient_uuids, self.context.today()
        year, month, second = self.year, self.month, self.second
        self.context.tasks.read(lambda control: service.prepare_invitations(vault, uuids, year, month, today=today,
                                                                            second=second),
                                name="check invitations", on_finished=self._checked,
                                on_failed=self.problem.show_problem)

    def _checked(self, batch: service.InvitationBatch) -> None:
        self.batch = batch
        letters, skipped = len(batch.letters), len(batch.skipped)
        noun = f"{letters} letter{'' if letters == 1 else 's'}"
        text = f"{noun} to make." if letters else "No letters to make."
        if skipped:
            text += f" {skipped} {'person' if skipped == 1 else 'people'} skipped (no letter):"
        self.summary.setText(text)
        fill_table(self.skipped, [(p.name, formatted(p.nhs_number), p.reason) for p in batch.skipped])
        checks = batch.to_check
        fill_table(self.to_check, [(c.name, formatted(c.nhs_number), c.what) for c in checks])
        self.to_check_note.setText(
            "Before you post them, check these letters. The app cannot print braille: a braille letter must be "
            "transcribed from the PDF. Help that is not arranged is not promised in the letter; it tells the "
            "person how to ask." if checks else "")
        self.to_check_note.setVisible(bool(checks))
        self.make_button.setEnabled(bool(letters))

    def make(self) -> None:
        batch = self.batch
        if batch is None or not batch.letters or self._busy or not self.context.is_unlocked:
            return
        self.problem.clear_problem()
        text = self.path.text().strip()
        path = Path(text).expanduser() if text else None
        if path is None or not path.parent.is_dir():
            self.problem.show_problem("That folder does not exist. Choose another place to save the PDF.")
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            practice = practice_details(self.context.practice)
        except Exception as error:  # PracticeNotSetUp: its message says what to do
            self.problem.show_problem(str(error))
            return
        vault = self.context.vault
        self._busy = True
        self.make_button.setEnabled(False)
        self.status.setText("Making the letters…")
        self.context.tasks.write(lambda control: service.make_invitations(vault, batch, practice, path),
                                 name="make invitations", by=self,
                                 on_finished=lambda made: self._done(made, path), on_failed=self._failed)

    def _done(self, made: int, path: Path) -> None:
        self._busy = False
        self.made, self.saved_to = made, path
        self.status.setText(f"Saved {made} letter{'' if made == 1 else 's'} as {path.name} in {path.parent}. "
                            "Each is logged on the person's recall.")
        self.close_button.setText("Close")

    def _failed(self, message: str) -> None:
        self._busy = False
        self.make_button.setEnabled(True)
        self.status.setText("")
        self.problem.show_problem(f"{message} No letters were saved or logged.")


def open_invitations(context: AppContext, uuids: Sequence[str], year: int, month: int, *, second: bool = False,
                     parent: QWidget | None = None) -> InvitationsDialog:
    dialog = InvitationsDialog(context, uuids, year, month, second=second, parent=parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.show()
    return dialog
