"""The read-only table both folder lists use (destinations, inbox folders): one row a folder,
chosen by row, the folder's path column stretched."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ..widgets import read_only_table

FOLDER_COLUMN = 1


def folder_table(columns: list[str], name: str, accessible_name: str, parent: QWidget) -> QTableWidget:
    table = read_only_table(parent, name, accessible_name, columns)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    for position in range(len(columns)):
        header.setSectionResizeMode(position, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(FOLDER_COLUMN, QHeaderView.ResizeMode.Stretch)
    return table


def add_row(table: QTableWidget, cells: list[str]) -> int:
    """A new last row of text cells (each with its text as tooltip: paths are long); its number."""
    row = table.rowCount()
    table.insertRow(row)
    for position, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        table.setItem(row, position, item)
    return row


def chosen_in(table: QTableWidget, shown: list) -> Any | None:
    """What the selected row shows, or None."""
    rows = {index.row() for index in table.selectionModel().selectedRows()}
    return shown[min(rows)] if rows and min(rows) < len(shown) else None
