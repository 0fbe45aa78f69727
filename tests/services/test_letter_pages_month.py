"""The demo month's results letters meet issue 16's paper figure: at most 2.2 pages a letter in
normal print (the old layout took 3.15), and no page holds a single result on its own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault
from careplan_desktop.services.letters import results_letters as service
from careplan_desktop.services.recall.birth_month import recall_cohort

from ..documents.pdf_text import bundled_wording, page_texts, plain

TODAY = dt.date(2026, 11, 16)


def test_the_december_demo_months_letters_take_at_most_2_2_pages_each_and_no_page_is_one_result(
        tmp_path: Path) -> None:
    vault = create_demo_vault(tmp_path / "month.vault", DEMO_PASSPHRASE, patients=400, today=TODAY)
    try:
        cohort = recall_cohort(vault, 2026, 12, today=TODAY)
        uuids = [row.uuid for row in (*cohort.rows, *cohort.overdue)]
        batch = service.prepare_letters(vault, uuids, today=TODAY, month=(2026, 12))
        pdf = service.render_letters(batch.letters, service.practice_details(vault))
    finally:
        vault.lock()
    letters = [letter.data for letter in batch.letters]
    assert len(letters) >= 15
    pages = page_texts(pdf)
    per_letter: list[list[str]] = []
    for page in pages:
        found = re.search(r"Page (\d+) of (\d+)", page)
        assert found
        if found.group(1) == "1":
            per_letter.append([])
        per_letter[-1].append(page)
    assert len(per_letter) == len(letters)
    normal = [len(group) for group, letter in zip(per_letter, letters) if not letter.large_print]
    assert normal and sum(normal) <= 2.2 * len(normal), (sum(normal), len(normal))
    # every normal-print letter with one or two results (the month's usual letter) is two sides
    assert all(len(group) == 2 for group, letter in zip(per_letter, letters)
               if not letter.large_print and len(letter.results) <= 2)

    words = bundled_wording("results_letter")["standard"]
    others = [plain(words["title"]), plain(words["results"]["heading"]), plain(words["prompts"]["heading"])]
    for group, letter in zip(per_letter, letters):
        for page in group:
            shown = [result for result in letter.results if result.measures in page]
            if len(shown) == 1:
                assert any(other in page for other in others), page[:300]
