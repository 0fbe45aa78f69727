"""The self-assessment toolkit's questions, read from resources/wording/self_assessment.toml.

Sections in the toolkit's order (entry, assessment, development of the care plan,
implementation, review, exit and re-entry, the over-arching principles), each with its
questions: a stable key, the toolkit's words, a plain-English line of what it means, and the
figures from the records that inform it. A practice may override the file (wording rules)."""

from __future__ import annotations

from dataclasses import dataclass

from careplan_desktop.domain.wording import WordingError, load_wording

from .evidence import FIGURE_KEYS


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    meaning: str
    evidence: tuple[str, ...]  # figure keys shown beside it


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    meaning: str
    questions: tuple[Question, ...]


def toolkit() -> tuple[Section, ...]:
    words = load_wording("self_assessment")
    sections = []
    seen: set[str] = set()
    for section in words.items("sections", ("key", "title", "meaning")):
        questions = []
        for number, item in enumerate(section.get("questions") or (), start=1):
            if not all(isinstance(item.get(field), str) for field in ("key", "text", "meaning")):
                raise WordingError(f"The wording file {words.path}: question {number} of the section "
                                   f"'{section['key']}' needs a key, a text and a meaning.")
            evidence = tuple(item.get("evidence") or ())
            unknown = [key for key in evidence if key not in FIGURE_KEYS]
            if unknown or item["key"] in seen:
                raise WordingError(f"The wording file {words.path}: the question '{item['key']}' "
                                   + (f"names figures there are none of: {', '.join(unknown)}." if unknown
                                      else "is there twice."))
            seen.add(item["key"])
            questions.append(Question(item["key"], item["text"], item["meaning"], evidence))
        sections.append(Section(section["key"], section["title"], section["meaning"], tuple(questions)))
    return tuple(sections)


def questions_in_order() -> list[tuple[Section, Question]]:
    return [(section, question) for section in toolkit() for question in section.questions]


def section_of(question_key: str, sections: tuple[Section, ...]) -> Section | None:
    return next((s for s in sections if any(q.key == question_key for q in s.questions)), None)
