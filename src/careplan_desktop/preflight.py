"""Before the window opens on Linux: are the system libraries Qt's xcb (X11) platform plugin
needs on this computer? Without one, Qt aborts with a message that names the wrong library (on
a bare Debian it named libxcb-cursor0 while libxcb-icccm4 and libxcb-keysyms1 were missing).
This check names every missing library and the apt-get line that installs them.

No Qt here: it runs before PySide6 makes the QApplication (app.main). The list is what
PySide6's libqxcb.so, libQt6XcbQpa.so.6 and libQt6Gui.so.6 need (readelf -d), beyond libc.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: shared library the xcb platform needs -> the Debian/Ubuntu package that installs it
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True when Qt will pick its xcb plugin: Linux, and QT_QPA_PLATFORM says xcb, or says
    nothing on an X11 desktop (a Wayland session gets Qt's wayland plugin instead)."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland":
        return False
    return bool(environ.get("DISPLAY"))


def _bundle_folders() -> list[Path]:
    """Where a frozen build keeps the shared libraries it carries (PyInstaller's folder)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if not frozen:
        return []
    return [Path(frozen), Path(frozen) / "PySide6" / "Qt" / "lib"]


def can_load(name: str) -> bool:
    """The library is in the frozen build's folder or the system's loader finds it."""
    if any((folder / name).is_file() for folder in _bundle_folders()):
        return True
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing_libraries(load: Callable[[str], bool] | None = None) -> list[str]:
    """The libraries that cannot be loaded; `load` is injected by tests (default: can_load)."""
    load = load or can_load
    return [name for name in XCB_LIBRARIES if not load(name)]


def explain_missing_libraries(environ: Mapping[str, str] | None = None,
                              load: Callable[[str], bool] | None = None,
                              platform: str | None = None) -> str | None:
    """The message for the person (None when nothing is missing or xcb is not used)."""
    environ = os.environ if environ is None else environ
    if environ.get("CAREPLAN_SKIP_LIBRARY_CHECK") or not uses_xcb(environ, platform or sys.platform):
        return None
    missing = missing_libraries(load)
    if not missing:
        return None
    packages = sorted({XCB_LIBRARIES[name] for name in missing})
    return "\n".join([
        "CarePlan Desktop cannot open its window: this computer is missing "
        f"{'a system library' if len(missing) == 1 else f'{len(missing)} system libraries'} that the window needs:",
        *(f"  {name}  (package {XCB_LIBRARIES[name]})" for name in missing),
        "Ask whoever looks after this computer to install them, with:",
        f"  sudo apt-get install {' '.join(packages)}",
        "Then start CarePlan Desktop again. Your vault has not been opened or changed.",
    ])
