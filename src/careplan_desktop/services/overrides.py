"""The practice's own copies of the wording and reference files (<data folder>/resources/...),
checked all at once so that a broken one is reported when the app starts, naming the file and
what is wrong, instead of being found (or quietly left out) when a letter is made.

Where each file is used, its loader refuses a broken copy with the same message: a letter or
printout with words or targets missing is never made.

Pure Python, no Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from careplan_desktop.domain.paths import bundled_resources_dir, override_resources_dir

log = logging.getLogger(__name__)

CHECKED_FOLDERS = ("wording", "reference")


@dataclass(frozen=True)
class OverrideProblem:
    path: Path
    message: str  # names the file and what is wrong; never patient data


def _wording(path: Path) -> None:
    from careplan_desktop.domain.wording import load_wording_file

    load_wording_file(path.name)


def _plan_quality(path: Path) -> None:
    from careplan_desktop.services.planning.quality import load_quality_wording

    load_quality_wording()


def _reference(path: Path) -> None:
    from careplan_desktop.domain.reference import load_reference_data

    load_reference_data()


#: file (as under resources/) -> a check that raises with a message naming the file
CHECKS: dict[str, Callable[[Path], object]] = {
    "wording/plan_quality.json": _plan_quality,
    "reference/conditions.json": _reference,
    "reference/results.json": _reference,
}


def check_overrides(extra: Mapping[str, Callable[[Path], object]] | None = None) -> list[OverrideProblem]:
    """Every problem with the practice's override files (an empty list when there are none, or
    all are sound). `extra` adds checks for files read outside the core (the consultation's
    prompts)."""
    root = override_resources_dir()
    checks = {**CHECKS, **(extra or {})}
    problems: list[OverrideProblem] = []
    seen: set[str] = set()
    for folder in CHECKED_FOLDERS:
        if not (root / folder).is_dir():
            continue
        for path in sorted(p for p in (root / folder).iterdir() if p.is_file() and not p.name.startswith(".")):
            relative = f"{folder}/{path.name}"
            if not (bundled_resources_dir() / relative).is_file():
                if path.suffix.lower() in (".toml", ".json"):
                    problems.append(OverrideProblem(path, f"{path} is not a file CarePlan Desktop uses: check its "
                                                          "name against the bundled files (the standard one is used)."))
                continue
            check = checks.get(relative) or (_wording if path.suffix == ".toml" and folder == "wording" else None)
            if check is None:
                continue
            try:
                check(path)
            except (LookupError, ValueError) as error:  # each loader's own error, written for the practice
                message = str(error)
                if message not in seen:
                    seen.add(message)
                    problems.append(OverrideProblem(path, message if str(path) in message else f"{path}: {message}"))
    for problem in problems:
        log.warning("practice override cannot be used: %s", problem.message)
    return problems


def start_up_report(problems: list[OverrideProblem]) -> str:
    """What the main window shows once it is open: each broken file, and what happens meanwhile."""
    files = "\n\n".join(problem.message for problem in problems)
    return (f"Some of your practice's own wording or reference files cannot be used:\n\n{files}\n\n"
            "Letters and printouts that need them will not be made until each file is corrected or removed "
            "(removing it uses the standard one).")
