"""Synthetic sample data (the demo people from the case studies) for previews, tests and benchmarks.

A practice editing its wording files can print these to see the result without touching anyone's
record. Nothing here is a real person.
"""

from __future__ import annotations

import datetime as dt

from .letter_data import AppointmentDetails, PracticeDetails, ResultLine, ResultsLetterData
from .plan_data import (
    ActionLine,
    AppointmentLine,
    CareTeamLine,
    ContactLine,
    GoalLine,
    GoalProgressLine,
    MedicineLine,
    ReviewSummary,
    SupportLine,
    YellowFolderData,
)


def sample_practice() -> PracticeDetails:
    return PracticeDetails(
        name="Holmside Medical Group",
        address_lines=("Holmside Lane", "Newtown", "NE1 4XX"),
        phone="0191 496 0000",
    )


def sample_results(taken_on: dt.date = dt.date(2025, 3, 3)) -> tuple[ResultLine, ...]:
    last_year = taken_on.replace(year=taken_on.year - 1)
    return (
        ResultLine("hba1c", "your blood sugar over the last 2 to 3 months (HbA1c)",
                   "This shows how much sugar has been in your blood over the last 2 to 3 months.",
                   "58", "mmol/mol", taken_on, "62", last_year,
                   "58 or below for most people, or a level agreed with you", "within_target"),
        ResultLine("blood_pressure", "your blood pressure",
                   "This shows how hard your heart has to push to move blood around your body.",
                   "138/82", "mmHg", taken_on, "145/88", last_year,
                   "140/90 or below", "within_target"),
        ResultLine("egfr", "how well your kidneys are working (eGFR)",
                   "This shows how well your kidneys are cleaning your blood.",
                   "52", "mL/min/1.73m²", taken_on, "55", last_year, None, "no_target"),
        ResultLine("total_cholesterol", "your cholesterol (a fat in your blood)",
                   "This shows how much of a fat called cholesterol is in your blood.",
                   "4.6", "mmol/L", taken_on, "4.9", last_year,
                   "4 or below, because you have a heart condition", "above_target"),
        ResultLine("urine_acr", "protein in your urine (ACR)",
                   "This checks if your kidneys are letting protein leak into your urine (wee).",
                   "2.1", "mg/mmol", taken_on, None, None, "below 3", "first_result"),
        ResultLine("weight", "your weight", "This is how heavy you are.",
                   "71.4", "kg", taken_on, "73.0", last_year, None, "no_target"),
    )


def sample_results_letter(
    *,
    large_print: bool = False,
    easy_read: bool = False,
    interpreter_language: str | None = None,
    full_name: str = "Lorna Smith",
    salutation_name: str = "Mrs Smith",
    nhs_number: str = "9434765919",
) -> ResultsLetterData:
    """Lorna (78: type 2 diabetes, arthritis, heart failure), seen at home by Andrea."""
    return ResultsLetterData(
        letter_date=dt.date(2025, 3, 10),
        salutation_name=salutation_name,
        full_name=full_name,
        address_lines=("12 Larch Close", "Newtown", "NE2 7YY"),
        nhs_number=nhs_number,
        large_print=large_print,
        easy_read=easy_read,
        interpreter_language=interpreter_language,
        bsl=False,
        needs_companion=False,
        appointment=AppointmentDetails(dt.datetime(2025, 3, 17, 10, 30), 40, "Nurse Andrea Hall", "home visit",
                                       interpreter_arranged=interpreter_language is not None),
        results=sample_results(),
    )


def sample_yellow_folder(*, large_print: bool = False, easy_read: bool = False, agreed: bool = True,
                         with_review: bool = False) -> YellowFolderData:
    taken_on = dt.date(2025, 3, 3)
    return YellowFolderData(
        full_name="Lorna Smith",
        preferred_name="Lorna",
        nhs_number="9434765919",
        date_of_birth=dt.date(1946, 9, 14),
        large_print=large_print,
        easy_read=easy_read,
        version_number=2,
        agreed_on=dt.date(2025, 3, 17) if agreed else None,
        review_date=dt.date(2025, 6, 16),
        review_method="home visit",
        key_actions=(
            ActionLine("Book a chiropodist visit for my feet", "Andrea", dt.date(2025, 4, 30)),
            ActionLine("Try the perching stool in the kitchen", "Me, with my daughter Susan", dt.date(2025, 4, 1)),
            ActionLine("Ask the pharmacy to add my new tablet to my colour boxes", "Susan", dt.date(2025, 3, 31)),
        ),
        goals=(
            GoalLine("To keep living in my own home and doing my own cooking"),
            GoalLine("To get to bingo with Pat every Thursday"),
            GoalLine("To have fewer hypos", "achieved"),
        ),
        what_i_will_do=(
            "Check my blood sugar before I drive or go to bingo",
            "Use my walking frame in the house",
            "Weigh myself every morning and write it down",
        ),
        support=(
            SupportLine("Susan, my daughter", "Shopping and my medicines", "07700 900123"),
            SupportLine("Pat, my neighbour", "Takes me to bingo on Thursdays", None),
            SupportLine("Age UK befriending", "A phone call every week", "0191 496 0111"),
        ),
        warning_signs="I feel shaky, sweaty and muddled: my sugar may be low. "
        "My ankles swell or I get breathless lying down: my heart may be struggling.",
        what_i_do="I take 4 jelly babies and sit down. I check my sugar again after 15 minutes. "
        "If my ankles swell, I weigh myself and call the heart failure nurse.",
        what_others_do="Susan checks on me and calls Andrea if I am not myself.",
        who_to_call=(
            ContactLine("Andrea Hall, community matron", "0191 496 0222", "Monday to Friday, 8am to 6pm",
                        "When I feel unwell and it is not an emergency"),
            ContactLine("NHS 111", "111", "Any time, day or night", "When the surgery is closed"),
            ContactLine("Emergency", "999", "Any time", "Chest pain, or I cannot breathe"),
        ),
        medicines=(
            MedicineLine("Metformin", "500 mg, 2 tablets", "Morning and evening, with food", "My diabetes", "blue"),
            MedicineLine("Bisoprolol", "2.5 mg, 1 tablet", "Morning", "My heart", "red"),
            MedicineLine("Furosemide", "40 mg, 1 tablet", "Morning", "Water tablet, for the swelling", "yellow"),
            MedicineLine("Paracetamol", "500 mg, 2 tablets", "Up to 4 times a day if needed", "My knees", "green"),
        ),
        equipment=("Walking frame", "Perching stool", "Blood sugar meter", "Bathroom scales"),
        care_team=(
            CareTeamLine("Andrea Hall", "Community matron", "0191 496 0222", True),
            CareTeamLine("Dr Patel", "My GP", "0191 496 0000"),
            CareTeamLine("Mark Jones", "Heart failure nurse", "0191 496 0333"),
        ),
        appointments=(
            AppointmentLine(dt.datetime(2025, 4, 8, 14, 0), "The diabetic eye screening team", "Newtown Health Centre"),
            AppointmentLine(dt.datetime(2025, 6, 16, 10, 30), "Andrea Hall, for my review", "home visit"),
        ),
        results=sample_results(taken_on),
        review_summary=ReviewSummary(
            dt.date(2025, 6, 16),
            (GoalProgressLine("To get to bingo with Pat every Thursday", "partly",
                              "Most weeks, not when my knees are bad"),
             GoalProgressLine("To have fewer hypos", "achieved", None)),
            dt.date(2025, 9, 15),
        ) if with_review else None,
    )
