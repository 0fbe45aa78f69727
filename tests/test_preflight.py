"""On Linux the app names the missing system libraries (and the apt-get line) before Qt's xcb
plugin aborts with its own, misleading, message (issue 20)."""

from __future__ import annotations

import subprocess
import sys

from careplan_desktop import preflight
from careplan_desktop.app import main

X11 = {"DISPLAY": ":0"}


def test_a_missing_library_is_named_with_its_package_and_the_apt_get_line() -> None:
    missing = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    message = preflight.explain_missing_libraries(X11, load=lambda name: name not in missing, platform="linux")
    assert message is not None
    assert "libxcb-icccm.so.4  (package libxcb-icccm4)" in message
    assert "libxcb-keysyms.so.1  (package libxcb-keysyms1)" in message
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in message + "\n"
    assert "libxcb-cursor" not in message  # only what is missing, unlike Qt's own message
    assert "Traceback" not in message


def test_nothing_is_said_when_every_library_loads_or_xcb_is_not_used() -> None:
    def nothing_loads(name: str) -> bool:
        return False

    assert preflight.explain_missing_libraries(X11, load=lambda name: True, platform="linux") is None
    for environ in ({"QT_QPA_PLATFORM": "offscreen", **X11}, {"QT_QPA_PLATFORM": "wayland"},
                    {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", **X11}):
        assert preflight.explain_missing_libraries(environ, load=nothing_loads, platform="linux") is None
    assert preflight.explain_missing_libraries(X11, load=nothing_loads, platform="win32") is None
    assert preflight.explain_missing_libraries({"QT_QPA_PLATFORM": "xcb"}, load=nothing_loads, platform="linux")


def test_the_list_matches_what_the_xcb_plugin_links_against() -> None:
    """Every library PySide6's xcb plugin names (readelf) is checked, beyond libc and Qt's own."""
    import PySide6

    from pathlib import Path

    qt = Path(PySide6.__file__).parent / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if sys.platform != "linux" or not plugin.exists():
        return
    done = subprocess.run(["readelf", "-d", str(plugin), str(qt / "lib" / "libQt6XcbQpa.so.6")],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return
    needed = {line.split("[")[1].rstrip("]") for line in done.stdout.splitlines() if "(NEEDED)" in line}
    system = {name for name in needed if not name.startswith(("libQt6", "libc.", "libm.", "libstdc++", "libgcc_s",
                                                              "libgthread", "ld-linux"))}
    assert system <= set(preflight.XCB_LIBRARIES), system - set(preflight.XCB_LIBRARIES)


def test_the_gui_start_stops_with_the_message_and_never_makes_the_application(monkeypatch, capsys) -> None:
    monkeypatch.setattr(preflight, "can_load", lambda name: name != "libxcb-cursor.so.0")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("CAREPLAN_SKIP_LIBRARY_CHECK", raising=False)
    made = []
    import careplan_desktop.ui.application as application

    monkeypatch.setattr(application, "run_gui", lambda args: made.append(args) or 0)
    assert main([]) == 3
    assert not made
    err = capsys.readouterr().err
    assert "libxcb-cursor.so.0  (package libxcb-cursor0)" in err
    assert "sudo apt-get install libxcb-cursor0" in err
