"""careplan_desktop.domain.wording: editable wording files, variants, placeholders, errors, cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careplan_desktop.domain import wording
from careplan_desktop.domain.wording import WordingError, fill, load_wording, load_wording_file

SAMPLE = """
[standard]
greeting = "Dear {name},"
braces = "Use {{ and }} for {what}"
intro = ["First paragraph.", "Second, for {name}."]

[standard.readings]
within_target = "This is within the usual target."
above_target = "This is above the usual target."

[[standard.items]]
title = "What's new?"
hint = "Anything changed?"

[easy_read.readings]
within_target = "This is in the target range."
"""


def write_override(data_dir: Path, name: str, text: str) -> Path:
    path = data_dir / "resources" / "wording" / f"{name}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_standard_and_easy_read_fall_back_key_by_key(data_dir: Path) -> None:
    write_override(data_dir, "sample", SAMPLE)
    standard = load_wording("sample")
    easy = load_wording("sample", "easy_read")
    assert standard.text("readings.within_target") == "This is within the usual target."
    assert easy.text("readings.within_target") == "This is in the target range."
    assert easy.text("readings.above_target") == "This is above the usual target."  # not in easy_read
    assert easy.text("greeting", name="Lorna") == "Dear Lorna,"


def test_placeholders_lists_and_items(data_dir: Path) -> None:
    write_override(data_dir, "sample", SAMPLE)
    words = load_wording("sample")
    assert words.text("braces", what="brackets") == "Use { and } for brackets"
    assert words.paragraphs("intro", name="Jack") == ["First paragraph.", "Second, for Jack."]
    assert words.paragraphs("greeting", name="Jack") == ["Dear Jack,"]
    assert words.items("items", ("title", "hint")) == [{"title": "What's new?", "hint": "Anything changed?"}]
    assert words.optional_text("readings.no_such_reading") is None


def test_missing_key_names_the_file_and_the_key(data_dir: Path) -> None:
    path = write_override(data_dir, "sample", SAMPLE)
    with pytest.raises(WordingError) as caught:
        load_wording("sample", "easy_read").text("readings.below_target")
    message = str(caught.value)
    assert str(path) in message and "'readings.below_target'" in message


def test_missing_placeholder_value_names_the_file_key_and_placeholder(data_dir: Path) -> None:
    path = write_override(data_dir, "sample", SAMPLE)
    with pytest.raises(WordingError) as caught:
        load_wording("sample").text("greeting")
    message = str(caught.value)
    assert str(path) in message and "'greeting'" in message and "{name}" in message


def test_values_are_not_formatted_twice() -> None:
    assert fill("Hello {name}", {"name": "{evil} {0.__class__}"}) == "Hello {evil} {0.__class__}"
    with pytest.raises(WordingError):
        fill("A lone { brace", {})


def test_unreadable_or_missing_files_say_which(data_dir: Path) -> None:
    with pytest.raises(WordingError) as caught:
        load_wording("no_such_wording_file")
    assert "no_such_wording_file.toml" in str(caught.value)
    path = write_override(data_dir, "broken", "[standard\ngreeting = ")
    with pytest.raises(WordingError) as caught:
        load_wording("broken")
    assert str(path) in str(caught.value)
    path = write_override(data_dir, "nostandard", "[easy_read]\na = 'b'\n")
    with pytest.raises(WordingError) as caught:
        load_wording("nostandard")
    assert "[standard]" in str(caught.value)
    with pytest.raises(WordingError):
        load_wording_file("results_letter").variant("shouting")


def test_cached_until_the_file_changes(data_dir: Path) -> None:
    path = write_override(data_dir, "sample", SAMPLE)
    first = load_wording_file("sample")
    assert load_wording_file("sample") is first
    path.write_text(SAMPLE.replace("Dear {name},", "Hello {name}!"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_wording("sample").text("greeting", name="Lorna") == "Hello Lorna!"
    wording.clear_cache()


def test_a_practice_override_beats_the_bundled_file(data_dir: Path) -> None:
    bundled = load_wording("results_letter").text("title")
    assert load_wording("results_letter").path.parent.parent.name == "resources"
    source = load_wording("results_letter").path.read_text(encoding="utf-8")
    assert f'\ntitle = "{bundled}"' in source
    write_override(data_dir, "results_letter", source.replace(f'\ntitle = "{bundled}"', '\ntitle = "Your yearly review"'))
    assert load_wording("results_letter").text("title") == "Your yearly review" != bundled


def test_an_override_missing_a_key_or_with_a_wrong_placeholder_is_refused_whole(data_dir: Path) -> None:
    """Never a letter with some of its words left out: an override that lacks a key the bundled
    file has, uses a placeholder the app does not fill in there, or has a lone brace is refused
    as soon as it is loaded, naming the file and what is wrong."""
    source = load_wording("results_letter").path.read_text(encoding="utf-8")
    assert 'greeting = "Dear {name},"' in source
    for broken, words in [
        (source.replace('\ntitle = "', '\ntitel = "', 1), "it has no key 'title' in [standard]"),
        (source.replace('greeting = "Dear {name},"', 'greeting = "Dear {first_name},"', 1),
         "key 'greeting' in [standard] uses the placeholder {first_name}, which the app does not fill in there"),
        (source.replace('greeting = "Dear {name},"', 'greeting = "Dear {name}, {"', 1),
         "key 'greeting' in [standard] has a lone '{' or '}'"),
        (source.replace('greeting = "Dear {name},"', 'greeting = ["Dear {name},"]', 1), "key 'greeting' should be text"),
    ]:
        path = write_override(data_dir, "results_letter", broken)
        wording.clear_cache()
        with pytest.raises(WordingError) as refused:
            load_wording("results_letter")
        assert str(refused.value).startswith(f"The practice's wording file {path} cannot be used: ")
        assert words in str(refused.value)


@pytest.mark.parametrize("name", ["common", "results_letter", "yellow_folder", "easy_read"])
def test_bundled_files_parse_and_easy_read_keys_exist_in_standard(name: str) -> None:
    """Every easy-read key must have a standard one to fall back from (catches typos)."""
    tables = load_wording_file(name).tables

    def keys(table: dict, prefix: str = "") -> set[str]:
        out = set()
        for key, value in table.items():
            if isinstance(value, dict):
                out |= keys(value, f"{prefix}{key}.")
            else:
                out.add(f"{prefix}{key}")
        return out

    assert keys(tables["easy_read"]) <= keys(tables["standard"])
