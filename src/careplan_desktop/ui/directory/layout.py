"""The local directory dialog's widgets and their arrangement (behaviour lives in dialog.py).

    Find [..................]                                   18 services
    [ table of services                 ][ Name / Kind / What it offers / Contact / Hours / Notes ]
    [                                   ][ [New] [Save] [No longer offered]                       ]
    [Import from a CSV file…] [ ] Show services no longer offered                      [Close]
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ..widgets import ProblemLabel, heading, muted, with_clear_button

COLUMNS = ("Name", "Kind", "Contact", "Hours", "Offered")
INTRO = ("Services, groups and \"more than medicine\" support the practice knows about. They can be picked "
         "for a person's plan in the consultation. A service no longer offered leaves the picker; plans that "
         "name it keep it.")


def _text_box(name: str, parent: QWidget, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setAccessibleName(name)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class DirectoryLayout:
    def __init__(self, dialog: QDialog) -> None:
        outer = QVBoxLayout(dialog)
        outer.addWidget(heading("Local directory of services", dialog, factor=1.3))
        intro = muted(INTRO, dialog)
        intro.setWordWrap(True)
        outer.addWidget(intro)

        top = QHBoxLayout()
        self.search = QLineEdit(dialog)
        self.search.setObjectName("directory_search")
        self.search.setPlaceholderText("Name, kind or what it offers")
        with_clear_button(self.search)
        find = QLabel("&Find", dialog)
        find.setBuddy(self.search)
        self.search.setAccessibleName("Find a service")
        self.count = muted("", dialog, factor=1.0)
        top.addWidget(find)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        outer.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Horizontal, dialog)
        splitter.setChildrenCollapsible(False)
        self.table = QTableWidget(0, len(COLUMNS), splitter)
        self.table.setObjectName("directory_table")
        self.table.setAccessibleName("Services in the directory")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        form_holder = QWidget(splitter)
        form_column = QVBoxLayout(form_holder)
        form_column.setContentsMargins(8, 0, 0, 0)
        self.form_title = QLabel("New service", form_holder)
        self.form_title.setObjectName("directory_form_title")
        form_column.addWidget(self.form_title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit(form_holder)
        self.kind = QComboBox(form_holder)
        self.kind.setEditable(True)
        self.kind.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.offers = _text_box("What it offers", form_holder, 3)
        self.contact = QLineEdit(form_holder)
        self.hours = QLineEdit(form_holder)
        self.notes = _text_box("Notes", form_holder, 2)
        for label, widget in (("&Name", self.name), ("&Kind", self.kind), ("What it &offers", self.offers),
                              ("&Contact", self.contact), ("&Hours", self.hours), ("No&tes", self.notes)):
            caption = QLabel(label, form_holder)
            caption.setBuddy(widget)
            if not widget.accessibleName():
                widget.setAccessibleName(label.replace("&", ""))
            form.addRow(caption, widget)
        form_column.addLayout(form)
        self.problem = ProblemLabel("Problem with this service", form_holder)
        form_column.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.new = QPushButton("N&ew", form_holder)
        self.save = QPushButton("&Save", form_holder)
        self.save.setDefault(True)
        self.active = QPushButton("No longer offered", form_holder)
        self.active.setObjectName("directory_active")
        for button in (self.new, self.save, self.active):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form_column.addLayout(buttons)
        form_column.addStretch(1)
        splitter.addWidget(self.table)
        splitter.addWidget(form_holder)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer.addWidget(splitter, 1)

        self.report = QLabel(dialog)
        self.report.setObjectName("directory_report")
        self.report.setWordWrap(True)
        self.report.setTextFormat(Qt.TextFormat.PlainText)
        self.report.hide()
        outer.addWidget(self.report)
        bottom = QHBoxLayout()
        self.import_csv = QPushButton("&Import from a CSV file…", dialog)
        self.import_csv.setToolTip("Columns: name, kind, offers, contact, hours, notes (name and kind needed). "
                                   "A service already listed is updated.")
        self.show_inactive = QCheckBox("Show services no longer offered", dialog)
        self.close = QPushButton("Close", dialog)
        self.close.setAutoDefault(False)
        bottom.addWidget(self.import_csv)
        bottom.addWidget(self.show_inactive)
        bottom.addStretch(1)
        bottom.addWidget(self.close)
        outer.addLayout(bottom)
