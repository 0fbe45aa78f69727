"""The palettes the app must read well in besides the light default: a desktop's dark mode
(what GNOME, KDE, Windows and macOS give an app in dark mode, near enough) and high contrast.
The app follows whatever palette the system gives it; these are for the screenshot tour and for
the contrast test, which checks every colour the app sets itself against each of them."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

Role = QPalette.ColorRole


def _palette(colours: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def dark_palette() -> QPalette:
    return _palette({
        Role.Window: "#2b2b2b", Role.WindowText: "#e8e8e8", Role.Base: "#1e1e1e", Role.AlternateBase: "#262626",
        Role.Text: "#e8e8e8", Role.Button: "#353535", Role.ButtonText: "#e8e8e8", Role.BrightText: "#ffffff",
        Role.Highlight: "#2f65ca", Role.HighlightedText: "#ffffff", Role.ToolTipBase: "#3a3a3a",
        Role.ToolTipText: "#e8e8e8", Role.PlaceholderText: "#a0a0a0", Role.Link: "#8ab4f8",
        Role.Light: "#505050", Role.Midlight: "#404040", Role.Mid: "#3a3a3a", Role.Dark: "#202020",
        Role.Shadow: "#101010",
    })


def high_contrast_palette() -> QPalette:
    """Black on white at full strength (Windows' "High contrast white", in spirit)."""
    return _palette({
        Role.Window: "#ffffff", Role.WindowText: "#000000", Role.Base: "#ffffff", Role.AlternateBase: "#ffffff",
        Role.Text: "#000000", Role.Button: "#ffffff", Role.ButtonText: "#000000", Role.Highlight: "#1a0099",
        Role.HighlightedText: "#ffffff", Role.ToolTipBase: "#ffffff", Role.ToolTipText: "#000000",
        Role.PlaceholderText: "#404040", Role.Link: "#1a0099",
    })


PALETTES = {"light": None, "dark": dark_palette, "high_contrast": high_contrast_palette}
