"""WCAG 2.2 AA contrast for every colour the app sets itself, in the light palette, a desktop's
dark palette and high contrast: text 4.5:1 against what it sits on, chart lines 3:1 (1.4.11),
and the printout's colours on paper. What is on screen in every window is checked too, by the
walk over every window (test_every_window.py: `colour_problems`)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from careplan_desktop.documents import styles
from careplan_desktop.domain.contrast import LARGE_TEXT_OR_GRAPHIC, TEXT, contrast_ratio
from careplan_desktop.ui.palette import dark_palette, high_contrast_palette
from careplan_desktop.ui.plan.quality_panel import _missing_colour, _present_colour
from careplan_desktop.ui.widgets import chart_colours, good_colour, muted_colour, problem_colour, warning_colour

Role = QPalette.ColorRole


def test_the_contrast_sums_match_wcags_own_examples() -> None:
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just short of AA
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # just enough


@pytest.fixture(params=["light", "dark", "high contrast"])
def palette(request, qapp) -> QPalette:
    return {"light": lambda: QPalette(qapp.palette()), "dark": dark_palette,
            "high contrast": high_contrast_palette}[request.param]()


def test_text_colours_read_on_windows_and_lists(palette: QPalette) -> None:
    for name, colour in (("problem", problem_colour(palette)), ("muted", muted_colour(palette)),
                         ("warning", warning_colour(palette)), ("good", good_colour(palette)),
                         ("key element present", _present_colour(palette)),
                         ("key element missing", _missing_colour(palette))):
        colour = colour if isinstance(colour, str) else colour.name()
        for role in (Role.Window, Role.Base):
            ratio = contrast_ratio(colour, palette.color(role).name())
            assert ratio >= TEXT, f"{name} {colour} on {palette.color(role).name()} is {ratio:.2f}:1"


def test_chart_lines_stand_out_from_the_chart(palette: QPalette) -> None:
    for colour in chart_colours(palette):
        ratio = contrast_ratio(colour.name(), palette.color(Role.Base).name())
        assert ratio >= LARGE_TEXT_OR_GRAPHIC, f"{colour.name()} is {ratio:.2f}:1"


def test_the_printouts_colours_read_on_paper() -> None:
    text = styles.TEXT.hexval().replace("0x", "#")
    for background in (styles.WARM_YELLOW, styles.PALE_GREY, "#ffffff"):
        behind = background if isinstance(background, str) else background.hexval().replace("0x", "#")
        assert contrast_ratio(text, behind) >= TEXT, behind
    blue = styles.NHS_BLUE.hexval().replace("0x", "#")
    assert contrast_ratio(blue, "#ffffff") >= LARGE_TEXT_OR_GRAPHIC  # the blue bars beside the actions
    assert contrast_ratio(blue, styles.WARM_YELLOW.hexval().replace("0x", "#")) >= TEXT  # the "if unwell" card
