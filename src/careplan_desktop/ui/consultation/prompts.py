"""The consultation's section titles and prompts ("what good looks like"), read from
resources/wording/consultation_prompts.json (the practice may override the file).

A broken override never stops a consultation: the bundled file is used instead and the
problem is logged (the file name only; wording holds no patient data).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from careplan_desktop.domain.paths import bundled_resources_dir, resource_file

log = logging.getLogger(__name__)

PROMPTS_FILE = "wording/consultation_prompts.json"
#: the sections of the workspace, in order; the wording file must give each a title and prompt
SECTION_KEYS = ("about_me", "purpose", "goals", "support", "actions", "contingency", "medicines", "people",
                "optional", "review", "sharing")


class PromptsError(ValueError):
    pass


@dataclass(frozen=True)
class SectionWording:
    key: str
    title: str
    prompt: str


def read_prompts(path: Path) -> dict[str, SectionWording]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PromptsError(f"{path.name} could not be read ({type(error).__name__})") from None
    sections = raw.get("sections") if isinstance(raw, dict) else None
    if not isinstance(sections, list):
        raise PromptsError(f"{path.name} has no list of sections")
    found: dict[str, SectionWording] = {}
    for entry in sections:
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("key", "title", "prompt")):
            raise PromptsError(f"{path.name}: each section needs a key, a title and a prompt")
        found[entry["key"]] = SectionWording(entry["key"], entry["title"].strip(), entry["prompt"].strip())
    missing = [key for key in SECTION_KEYS if key not in found]
    if missing:
        raise PromptsError(f"{path.name} has no section '{missing[0]}'")
    return found


def load_prompts() -> dict[str, SectionWording]:
    chosen = resource_file(PROMPTS_FILE)
    try:
        return read_prompts(chosen)
    except PromptsError as problem:
        bundled = bundled_resources_dir() / PROMPTS_FILE
        if chosen == bundled:
            raise
        log.warning("consultation prompts override ignored: %s", problem)
        return read_prompts(bundled)
