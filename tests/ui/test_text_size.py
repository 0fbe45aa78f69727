"""View > Text size: 100% to 200% in steps, at once in every open window, remembered for this
computer and for the member of staff signed in; Ctrl+Plus, Ctrl+Minus, Ctrl+0; --text-size."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from careplan_desktop.cli import build_parser
from careplan_desktop.store.settings import Settings, load_settings, settings_path
from careplan_desktop.ui.text_size import apply_text_size, base_point_size, current_percent, starting_size

from .helpers import press_shortcut


@pytest.fixture(autouse=True)
def normal_size_after(qapp):
    yield
    apply_text_size(100, qapp)  # the suite's other tests run at the system size


def test_shortcuts_and_menu_change_every_window_at_once_and_are_remembered(qtbot, vault, vault_path,
                                                                            make_context, open_window) -> None:
    app = QApplication.instance()
    base = base_point_size(app)
    context = make_context(vault_path, vault)
    window = open_window(context)
    heading = window.locked_page.findChild(QLabel)  # "CarePlan Desktop is locked": a heading at 1.4 times
    heading_points = heading.font().pointSizeF()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert heading_points == pytest.approx(base * 1.4)

    press_shortcut(window, "Ctrl++")
    assert current_percent() == 125 and app.font().pointSizeF() == pytest.approx(base * 1.25)
    press_shortcut(window, "Ctrl++")
    assert app.font().pointSizeF() == pytest.approx(base * 1.5)
    assert heading.font().pointSizeF() == pytest.approx(base * 1.4 * 1.5)  # the heading keeps its proportion
    assert window.navigation.font().pointSizeF() == pytest.approx(base * 1.5)
    written = json.loads(settings_path().read_text(encoding="utf-8"))
    staff = vault.actor.user_uuid
    assert written["text_size"] == 150 and written["text_size_by_staff"] == {staff: 150}

    window.show_about()  # a dialog open meanwhile follows too (View > Text size > Smaller text)
    about = window.about_dialog
    qtbot.waitUntil(about.isVisible)
    window.text_size.smaller_action.trigger()
    assert current_percent() == 125
    assert about.font().pointSizeF() == pytest.approx(base * 1.25)
    about.close()
    window.text_size.size_actions[200].trigger()  # View > Text size > 200%
    assert app.font().pointSizeF() == pytest.approx(base * 2.0)
    assert window.text_size.size_actions[200].isChecked()
    press_shortcut(window, "Ctrl++")  # no further than 200%
    assert current_percent() == 200
    press_shortcut(window, "Ctrl+0")
    assert app.font().pointSizeF() == pytest.approx(base) and heading.font().pointSizeF() == pytest.approx(base * 1.4)
    assert load_settings().text_size == 100


def test_a_member_of_staff_gets_their_own_size_when_they_sign_in(qtbot, vault, vault_path, make_context,
                                                                  open_window) -> None:
    context = make_context(vault_path, vault)
    context.settings = Settings(text_size=100, text_size_by_staff={vault.actor.user_uuid: 175, "someone-else": 125})
    open_window(context)
    assert current_percent() == 175
    assert QApplication.instance().font().pointSizeF() == pytest.approx(base_point_size(QApplication.instance()) * 1.75)


def test_the_command_line_size_and_this_computers_size() -> None:
    assert build_parser().parse_args(["--text-size", "200"]).text_size == 200
    assert starting_size(Settings(text_size=150), None) == 150
    assert starting_size(Settings(text_size=150), 200) == 200
    assert starting_size(Settings(), 400) == 200 and starting_size(Settings(), 50) == 100


def test_a_settings_file_with_nonsense_sizes_gives_the_normal_size() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"text_size": "big", "text_size_by_staff": [1, 2]}), encoding="utf-8")
    settings = load_settings()
    assert settings.text_size == 100 and settings.text_size_by_staff == {}
