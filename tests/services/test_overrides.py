"""The practice's own wording and reference files: each broken one is found at start-up, naming
the file and what is wrong; sound copies and a folder with none say nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan_desktop.domain.paths import bundled_resources_dir
from careplan_desktop.domain import reference, wording
from careplan_desktop.services.overrides import check_overrides, start_up_report


@pytest.fixture(autouse=True)
def fresh_caches():
    wording.clear_cache()
    reference._CACHE.clear()
    yield
    wording.clear_cache()
    reference._CACHE.clear()


def override(data_dir: Path, relative: str, text: str) -> Path:
    path = data_dir / "resources" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def bundled(relative: str) -> str:
    return (bundled_resources_dir() / relative).read_text(encoding="utf-8")


def test_no_overrides_and_sound_copies_say_nothing(data_dir: Path) -> None:
    assert check_overrides() == []
    for relative in ("wording/yellow_folder.toml", "wording/plan_quality.json", "reference/results.json"):
        override(data_dir, relative, bundled(relative))
    assert check_overrides() == []


def test_each_broken_file_is_named_with_what_is_wrong(data_dir: Path) -> None:
    letter = override(data_dir, "wording/results_letter.toml",
                      bundled("wording/results_letter.toml").replace('greeting = "Dear {name},"\n', "", 1))
    folder = override(data_dir, "wording/yellow_folder.toml", "[standard\ntitle = ")
    results = override(data_dir, "reference/results.json", bundled("reference/results.json")[:-40])
    misnamed = override(data_dir, "wording/result_letter.toml", bundled("wording/results_letter.toml"))
    problems = {p.path: p.message for p in check_overrides()}
    assert set(problems) == {letter, folder, results, misnamed}
    assert problems[letter].startswith(f"The practice's wording file {letter} cannot be used: ")
    assert "it has no key 'greeting' in [standard]" in problems[letter]
    assert problems[folder].startswith(f"The wording file {folder} cannot be read: ")
    assert problems[results].startswith(f"{results}: cannot be read")
    assert problems[misnamed].startswith(f"{misnamed} is not a file CarePlan Desktop uses")
    report = start_up_report(check_overrides())
    assert all(str(path) in report for path in problems)
    assert "will not be made until each file is corrected or removed" in report


def test_a_letter_is_not_made_with_a_broken_wording_file_and_the_message_names_it(data_dir: Path) -> None:
    """Through the child process the letters screen uses: the refusal, not a letter with words missing."""
    from careplan_desktop.documents.samples import sample_practice, sample_results_letter
    from careplan_desktop.services.letters.child_process import render_in_child_process
    from careplan_desktop.domain.wording import WordingError

    letter = override(data_dir, "wording/results_letter.toml",
                      bundled("wording/results_letter.toml").replace("Dear {name},", "Dear {surname},", 1))
    with pytest.raises(WordingError) as refused:
        render_in_child_process([sample_results_letter()], sample_practice())
    assert str(refused.value).startswith(f"The practice's wording file {letter} cannot be used: ")
    assert "key 'greeting' in [standard] uses the placeholder {surname}" in str(refused.value)
