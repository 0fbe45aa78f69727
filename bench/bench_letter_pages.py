"""How many pages do the demo month's results letters take, beside the old layout?

    .venv/bin/python bench/bench_letter_pages.py [--patients 400] [--old 2dd410c]

Makes a demo vault (synthetic people, seed 1, "today" pinned to 16 November 2026), takes the
December recall group (everyone due, and anyone overdue) and prepares their results letters as
the Recall screen does. Prints the pages of each letter and the total, and, in the same run, the
pages the layout before issue 16 took for the very same letters (that layout's code is read
from git at --old and run in a child process). Goal: at most 2.2 pages a letter in normal print
(issue 16; the old layout took 3.15).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import pickle
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("CAREPLAN_DATA_DIR", tempfile.mkdtemp(prefix="careplan-bench-"))

from pypdf import PdfReader  # noqa: E402

TODAY = dt.date(2026, 11, 16)
OLD_LAYOUT = "2dd410c"  # the last commit with the old letter layout (before issue 16)

_CHILD = """
import io, pickle, sys
from pypdf import PdfReader
from careplan_desktop.documents.results_letter import render_results_letters
letters, practice = pickle.load(sys.stdin.buffer)
out = io.BytesIO()
render_results_letters(letters, practice, out)
print(len(PdfReader(io.BytesIO(out.getvalue())).pages))
"""


def month_letters(patients: int):
    from sqlalchemy import select  # noqa: F401

    from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault
    from careplan_desktop.services.letters import results_letters as service
    from careplan_desktop.services.recall.birth_month import recall_cohort

    folder = Path(tempfile.mkdtemp(prefix="careplan-pages-"))
    vault = create_demo_vault(folder / "demo.vault", DEMO_PASSPHRASE, patients=patients, seed=1, today=TODAY)
    try:
        cohort = recall_cohort(vault, 2026, 12, today=TODAY)
        uuids = [row.uuid for row in (*cohort.rows, *cohort.overdue)]
        batch = service.prepare_letters(vault, uuids, today=TODAY, month=(2026, 12))
        return [letter.data for letter in batch.letters], service.practice_details(vault)
    finally:
        vault.lock()


def pages_per_letter(pdf: bytes) -> list[int]:
    import re

    counts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found = re.search(r"Page (\d+) of (\d+)", page.extract_text())
        if found and found.group(1) == "1":
            counts.append(int(found.group(2)))
    return counts


def old_pages(letters, practice, revision: str) -> int | None:
    """The old layout's page count for the same letters, or None when git cannot give it."""
    folder = Path(tempfile.mkdtemp(prefix="careplan-old-layout-"))
    try:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "src", "resources"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    env = {**os.environ, "PYTHONPATH": str(folder / "src"), "CAREPLAN_RESOURCES": str(folder / "resources")}
    done = subprocess.run([sys.executable, "-c", _CHILD], input=pickle.dumps((letters, practice)),
                          capture_output=True, env=env, cwd=folder)
    if done.returncode != 0:
        print(done.stderr.decode(errors="replace")[-2000:], file=sys.stderr)
        return None
    return int(done.stdout.decode().split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=400)
    parser.add_argument("--old", default=OLD_LAYOUT, help="git revision of the old layout")
    args = parser.parse_args()

    from careplan_desktop.documents.results_letter import render_results_letters

    letters, practice = month_letters(args.patients)
    out = io.BytesIO()
    render_results_letters(letters, practice, out)
    counts = pages_per_letter(out.getvalue())
    assert len(counts) == len(letters)
    total = sum(counts)
    normal = [count for count, letter in zip(counts, letters) if not letter.large_print]
    print(f"December demo month: {len(letters)} letters ({len(letters) - len(normal)} large print)")
    for pages, number in sorted(Counter(
            (count, "large print" if letter.large_print else "normal print", len(letter.results))
            for count, letter in zip(counts, letters)).items()):
        print(f"  {pages[0]} pages: {number} letter(s) in {pages[1]} with {pages[2]} result(s)")
    print(f"this layout : {total} pages, {total / len(letters):.2f} a letter "
          f"({sum(normal) / max(1, len(normal)):.2f} in normal print); goal <= 2.2: "
          f"{'met' if sum(normal) / max(1, len(normal)) <= 2.2 else 'NOT met'}")
    old = old_pages(letters, practice, args.old)
    if old is None:
        print("old layout  : not measured (no git here); issue 16 gives 3.15 pages a letter")
    else:
        print(f"old layout  : {old} pages, {old / len(letters):.2f} a letter (git {args.old})")
        print(f"ratio       : {total / old:.2f}x the old layout's pages")


if __name__ == "__main__":
    main()
