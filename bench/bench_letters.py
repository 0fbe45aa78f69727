"""How long does a batch of 500 results letters take, beside plain reportlab doing the same work?

    .venv/bin/python bench/bench_letters.py [--letters 500] [--large-print] [--repeat 3]

Baseline: a plain SimpleDocTemplate with one Paragraph per line of the same letters (same font
and sizes, page breaks where the letters have them), built in the same run. Prints both times,
the page counts and the ratio (wall clock and CPU; with --repeat N, the best of N runs of each). Goal: under 10 s and
at most 3x the baseline.
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
os.environ.setdefault("CAREPLAN_DATA_DIR", tempfile.mkdtemp(prefix="careplan-bench-"))

from pypdf import PdfReader  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer  # noqa: E402

from careplan_desktop.documents.letter_data import ResultsLetterData  # noqa: E402
from careplan_desktop.documents.results_letter import render_results_letters  # noqa: E402
from careplan_desktop.documents.samples import sample_practice, sample_results_letter  # noqa: E402
from careplan_desktop.documents.styles import styles_for  # noqa: E402


def batch(count: int, large_print: bool) -> list[ResultsLetterData]:
    base = sample_results_letter(large_print=large_print)
    return [
        dataclasses.replace(base, full_name=f"Person {number} Testcase", salutation_name=f"Mx Testcase {number}",
                            address_lines=(f"{number} Larch Close", "Newtown", "NE2 7YY"))
        for number in range(count)
    ]


def baseline_story(letters: list[ResultsLetterData], large_print: bool) -> list:
    """The same lines as the letters, one plain Paragraph each: what reportlab costs anyway."""
    styles = styles_for(large_print, False)
    practice = sample_practice()
    story: list = []
    for letter in letters:
        lines = [practice.name, *practice.address_lines, practice.phone, letter.full_name, *letter.address_lines,
                 "10 March 2025", f"NHS number: {letter.nhs_number}"]
        story += [Paragraph(line, styles.address) for line in lines]
        story.append(Paragraph("Your care planning appointment", styles.title))
        story.append(Paragraph(f"Dear {letter.salutation_name},", styles.body))
        story += [Paragraph("It is time for your yearly care planning appointment. This is a chance for us to talk "
                            "together about your health, and about what matters to you.", styles.body)] * 3
        story += [Paragraph(f"<b>Label:</b> appointment line {n}", styles.line) for n in range(7)]
        story.append(Paragraph("Your results", styles.heading))
        for result in letter.results:
            story += [Paragraph(result.plain_name, styles.subheading), Paragraph(result.measures, styles.line),
                      Paragraph(f"<b>This time:</b> {result.value_text} {result.unit}, on 3 March 2025", styles.line),
                      Paragraph(f"<b>Last time:</b> {result.previous_value_text} {result.unit}", styles.line),
                      Paragraph(f"<b>The usual target:</b> {result.target_text}", styles.line),
                      Paragraph("This is within the usual target.", styles.body)]
        story.append(PageBreak())
        story.append(Paragraph("Before your appointment", styles.title))
        for _ in range(6):
            story += [Paragraph("What's new?", styles.subheading),
                      Paragraph("Has anything changed for you since your last review?", styles.line),
                      Spacer(1, 45 if not large_print else 90)]
        story.append(Paragraph("Please bring this letter with you to your appointment.", styles.body))
        story.append(PageBreak())
    return story


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--large-print", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs each (a busy machine is noisy)")
    args = parser.parse_args()
    letters = batch(args.letters, args.large_print)
    styles_for(args.large_print, False)  # fonts registered before either timing starts

    def ours_once() -> tuple[float, float, int, bytes]:
        out = io.BytesIO()
        start, cpu = time.perf_counter(), time.process_time()
        written = render_results_letters(letters, sample_practice(), out)
        return time.perf_counter() - start, time.process_time() - cpu, written, out.getvalue()

    def plain_once() -> tuple[float, float, int, bytes]:
        plain = io.BytesIO()
        start, cpu = time.perf_counter(), time.process_time()
        SimpleDocTemplate(plain).build(baseline_story(letters, args.large_print))
        return time.perf_counter() - start, time.process_time() - cpu, 0, plain.getvalue()

    runs = max(1, args.repeat)
    ours, ours_cpu, written, pdf = min((ours_once() for _ in range(runs)), key=lambda run: run[0])
    base, base_cpu, _, plain_pdf = min((plain_once() for _ in range(runs)), key=lambda run: run[0])
    our_pages = len(PdfReader(io.BytesIO(pdf)).pages)
    base_pages = len(PdfReader(io.BytesIO(plain_pdf)).pages)

    print(f"results letters : {written} letters, {our_pages} pages, {ours:6.2f} s wall, {ours_cpu:6.2f} s CPU "
          f"({ours / written * 1000:.1f} ms a letter, {len(pdf) / 1024:.0f} KB)")
    print(f"plain reportlab : {base_pages} pages of the same lines, {base:6.2f} s wall, {base_cpu:6.2f} s CPU "
          f"({len(plain_pdf) / 1024:.0f} KB)")
    print(f"ratio           : {ours / base:.2f}x plain reportlab wall, {ours_cpu / base_cpu:.2f}x CPU (goal <= 3x); "
          f"goal < 10 s: {'met' if ours < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
