"""How long does Lorna's yellow-folder printout take, from the vault to the PDF, beside plain
reportlab building a comparable document in the same run?

    .venv/bin/python bench/bench_printout.py [--people 200] [--repeat 5]

Ours: `services.planning.printout.yellow_folder_data` (read the plan, carers, results and appointments from
the encrypted vault) plus `documents.yellow_folder.render_yellow_folder`, normal and large print.
Baseline: a plain SimpleDocTemplate with one Paragraph per line of the same content (same fonts
and sizes, a page break where the printout has one), data already in hand. Best of N runs each.
Goal: at most 0.5 s for Lorna's printout.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("CAREPLAN_DATA_DIR", tempfile.mkdtemp(prefix="careplan-bench-"))

from _vaults import demo_vault, report  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate  # noqa: E402
from sqlalchemy import select  # noqa: E402

from careplan_desktop.documents.plan_data import YellowFolderData  # noqa: E402
from careplan_desktop.documents.styles import styles_for  # noqa: E402
from careplan_desktop.documents.yellow_folder import render_yellow_folder  # noqa: E402
from careplan_desktop.models import Patient  # noqa: E402
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE  # noqa: E402
from careplan_desktop.services.demo.case_studies import LORNA_NHS  # noqa: E402
from careplan_desktop.services.planning.agreement import versions_of  # noqa: E402
from careplan_desktop.services.planning.printout import yellow_folder_data  # noqa: E402
from careplan_desktop.store import Vault  # noqa: E402


def baseline_story(data: YellowFolderData) -> list:
    """The printout's lines as plain Paragraphs: what reportlab costs for this much text anyway."""
    s = styles_for(data.large_print, False)
    p = Paragraph
    story = [p("My care and support plan", s.title), p(f"My name: {data.full_name}", s.line),
             p(f"My NHS number: {data.nhs_number}", s.line), p("My key actions this year", s.heading)]
    story += [p(f"<b>{a.what}</b> Who: {a.who} By: {a.due_on}", s.body) for a in data.key_actions]
    story += [p(f"My next review is on {data.review_date}", s.body), PageBreak(), p("My goals", s.heading)]
    story += [p(g.text, s.body) for g in data.goals] + [p("What I will do", s.heading)]
    story += [p(text, s.body) for text in data.what_i_will_do] + [p("Who supports me", s.heading)]
    story += [p(f"{x.name} {x.what or ''} {x.contact or ''}", s.body) for x in data.support]
    story += [PageBreak(), p("When I am unwell", s.title), p(data.warning_signs, s.body), p(data.what_i_do, s.body),
              p(data.what_others_do, s.body)]
    story += [p(f"{c.name} {c.phone} {c.hours} {c.when_to_call}", s.body) for c in data.who_to_call]
    story += [PageBreak(), p("My medicines", s.heading)]
    story += [p(f"{m.name} {m.colour} {m.dose} {m.when} {m.purpose}", s.body) for m in data.medicines]
    story += [p("My care team", s.heading)] + [p(f"{t.name} {t.role} {t.phone}", s.body) for t in data.care_team]
    story += [p("My latest results", s.heading)]
    for r in data.results:
        story += [p(r.plain_name, s.subheading), p(f"This time: {r.value_text} {r.unit}", s.line),
                  p(f"Last time: {r.previous_value_text}", s.line), p(f"My target: {r.target_text}", s.line)]
    return story


def best(runs: int, work) -> tuple[float, bytes]:
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = work()
        results.append((time.perf_counter() - start, pdf))
    return min(results, key=lambda r: r[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200, help="synthetic people in the demo vault besides Lorna")
    parser.add_argument("--repeat", type=int, default=5, help="best of N runs each")
    args = parser.parse_args()
    vault = Vault.unlock(demo_vault(args.people), DEMO_PASSPHRASE)
    try:
        with vault.reader() as session:
            uuid = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
        version = [v for v in versions_of(vault, uuid) if v.status in ("agreed", "superseded")][-1].uuid
        styles_for(False, False), styles_for(True, False)  # fonts registered before any timing

        def ours(large: bool):
            def work() -> bytes:
                out = io.BytesIO()
                render_yellow_folder(yellow_folder_data(vault, version, large_print=large), out)
                return out.getvalue()
            return work

        def plain(large: bool):
            data = dataclasses.replace(yellow_folder_data(vault, version), large_print=large)

            def work() -> bytes:
                out = io.BytesIO()
                SimpleDocTemplate(out).build(baseline_story(data))
                return out.getvalue()
            return work

        for large in (False, True):
            label = "large print" if large else "normal print"
            seconds, pdf = best(args.repeat, ours(large))
            base, base_pdf = best(args.repeat, plain(large))
            pages, base_pages = len(PdfReader(io.BytesIO(pdf)).pages), len(PdfReader(io.BytesIO(base_pdf)).pages)
            reading, _ = best(args.repeat, lambda: yellow_folder_data(vault, version, large_print=large))
            print(f"Lorna's yellow folder, {label}: {pages} pages, {len(pdf) / 1024:.0f} KB; "
                  f"plain reportlab: {base_pages} pages; reading the vault alone: {reading * 1000:.1f} ms")
            report(f"  vault -> PDF ({label})", seconds * 1000, "plain reportlab, data in hand", base * 1000, "ms",
                   f"<= 500 ms: {'met' if seconds <= 0.5 else 'NOT met'}")
    finally:
        vault.lock()


if __name__ == "__main__":
    main()
