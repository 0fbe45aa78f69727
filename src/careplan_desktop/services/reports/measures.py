"""What each figure counts, written once as SQL: a figure is a query giving one row per thing
counted, `(breakdown, patient_id, unit)`. Its numbers are `count(DISTINCT unit)` by breakdown,
and the people behind one of them are the `patient_id`s of the same rows, so a list can never
disagree with the number it explains.

The bases, made once per report (`BASES`): `report_versions` (every version of a plan that is
not a draft, its counted columns only), `report_cohort` (people on the register at the end
of the period: joined by then, and not died, moved away or left the register by then),
`report_people` (everyone, whatever their register status, for what happened in the period),
`report_agreed` (plan versions agreed in the period), `report_latest` (each person's latest
version agreed by the end), `report_dues` (each day a review fell due) and `report_met` (each
day a review was done). `report_cohort` and `report_people` hold the condition and lead-professional
filters.
Parameters: `:start` and `:end` (days, both included), `:start_at` and `:end_at` (the same as
stored moments, the second exclusive). No Qt, no ORM rows.

"Joined" is the day the person's record was added to this vault (its "created" audit row), by
hand or by a register import; "left" is the day they died or moved away, or, for leaving the
register, the day that was recorded (see docs/safety/incoming/reports.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from careplan_desktop.models.codes import LEVEL_NAMES

ON_REGISTER_AT_END = """
    (p.register_status = 'active' OR coalesce(p.register_status_on, date(p.changed_at)) > :end)
    AND NOT EXISTS (SELECT 1 FROM audit_event a WHERE a.patient_id = p.id AND a.entity = 'patient'
                    AND a.action = 'created' AND a.at >= :end_at)"""
FILTERS = """
    (:condition IS NULL OR EXISTS (SELECT 1 FROM condition c WHERE c.patient_id = p.id AND c.code = :condition))
    AND (:lead IS NULL OR p.lead_professional = :lead)"""
PEOPLE = f"SELECT p.id AS id FROM patient p WHERE {FILTERS}"
COHORT = f"SELECT p.id AS id FROM patient p WHERE {FILTERS} AND {ON_REGISTER_AT_END}"

AGREED = "pv.status != 'draft' AND pv.agreed_at IS NOT NULL"


def in_period(moment: str) -> str:
    """A stored moment within the period (`:end_at` is the first moment after it)."""
    return f"{moment} >= :start_at AND {moment} < :end_at"
LEVELS = " ".join(f"WHEN {level} THEN '{name}'" for level, name in LEVEL_NAMES.items())

#: every version of a plan that is not a draft, with only the columns the figures use: the wide
#: plan_version table is read once per report, not once per base
VERSIONS = """
    SELECT pv.id, pv.uuid, pv.patient_id, pv.number, pv.status, pv.review_date, pv.agreed_at, pv.missing_at_agreement
    FROM plan_version pv WHERE pv.status != 'draft'"""


def day_number(day: str) -> str:
    """A stored day or moment as a whole number of days (the day of a moment, as `date()` gives
    it): review dates are compared and counted as numbers, which costs far less than making a
    new date string for every row (every string made is wiped when freed, in the vault)."""
    return f"CAST(julianday({day}) + 0.5 AS INTEGER)"


END_DAY = day_number(":end")
#: each (patient, date) a review fell due: set by an agreed plan, by a review, or the one now recorded
DUES = f"""
    SELECT patient_id, due, {day_number('due')} AS due_day FROM (
        SELECT pv.patient_id AS patient_id, pv.review_date AS due FROM report_versions pv
            WHERE pv.review_date IS NOT NULL
        UNION ALL SELECT rv.patient_id, rv.next_review_date FROM review rv WHERE rv.next_review_date IS NOT NULL
        UNION ALL SELECT p.id, p.next_review_date FROM patient p WHERE p.next_review_date IS NOT NULL)"""
#: the days a review was done: a review recorded, or a new version of the plan agreed
MET = f"""
    SELECT rv.patient_id AS patient_id, {day_number('rv.reviewed_on')} AS day FROM review rv
    UNION ALL SELECT pv.patient_id, {day_number('pv.agreed_at')} FROM report_versions pv
        WHERE pv.agreed_at IS NOT NULL"""
DONE_BY_END = ("EXISTS (SELECT 1 FROM report_met m WHERE m.patient_id = d.patient_id "
               f"AND m.day BETWEEN d.due_day - 28 AND {END_DAY})")
ON_TIME = (f"EXISTS (SELECT 1 FROM report_met m WHERE m.patient_id = d.patient_id AND m.day <= {END_DAY} "
           "AND m.day BETWEEN d.due_day - 28 AND d.due_day + 28)")
#: the review dates that fell in the period, of people on the register at its end (a date due
#: is counted as one unit per person: the person's id and the day's number in one whole number)
DUE_IN_PERIOD = """
    SELECT DISTINCT d.patient_id, d.due, d.due_day, d.patient_id * 10000000 + d.due_day AS unit FROM report_dues d
    JOIN report_cohort r ON r.id = d.patient_id WHERE d.due BETWEEN :start AND :end"""
REVIEWS = f"""
    WITH due AS (SELECT * FROM report_due)
    SELECT 'due in the period' AS b, patient_id AS p, unit AS u FROM due
    UNION ALL SELECT 'done', d.patient_id, d.unit FROM due d WHERE {DONE_BY_END}
    UNION ALL SELECT 'done on time', d.patient_id, d.unit FROM due d WHERE {ON_TIME}"""
#: people whose latest review date by the end of the period passed with no review done since
OVERDUE = f"""
    WITH latest AS (SELECT d.patient_id, max(d.due_day) AS due_day FROM report_dues d
               JOIN report_cohort r ON r.id = d.patient_id WHERE d.due <= :end GROUP BY d.patient_id)
    SELECT 'overdue at the end' AS b, d.patient_id AS p, d.patient_id AS u FROM latest d WHERE NOT {DONE_BY_END}"""

#: the plan versions agreed in the period, of the people reported on, each with the number of key
#: elements missing at agreement (the budget is not one of the nine)
AGREED_IN_PERIOD = f"""
    SELECT pv.id, pv.uuid, pv.patient_id, pv.number, pv.agreed_at, pv.missing_at_agreement, (
        SELECT count(*) FROM json_each(coalesce(pv.missing_at_agreement, '[]')) j WHERE j.value != 'budget'
    ) AS missing_count
    FROM report_versions pv JOIN report_people r ON r.id = pv.patient_id
    WHERE {AGREED} AND {in_period('pv.agreed_at')}"""
#: for each person reported on, the latest version agreed by the end of the period
#: (each person's highest number found in one pass over their versions, not once per version;
#: the bases keep only the columns the figures count, not whole plans)
LATEST_AGREED = f"""
    SELECT id, patient_id, number FROM (
        SELECT pv.id, pv.patient_id, pv.number, max(pv.number) OVER (PARTITION BY pv.patient_id) AS latest_number
        FROM report_versions pv JOIN report_cohort r ON r.id = pv.patient_id
        WHERE {AGREED} AND pv.agreed_at < :end_at)
    WHERE number = latest_number"""

INFORMATION_GIVEN = f"""
    SELECT ip.topic, ip.method, ip.recipient, pv.patient_id AS patient_id FROM information_prescription ip
    JOIN report_versions pv ON pv.id = ip.plan_version_id JOIN report_people r ON r.id = pv.patient_id
    WHERE {AGREED} AND NOT ip.carried_forward
    AND coalesce(ip.given_on, date(pv.agreed_at)) BETWEEN :start AND :end"""

#: the confidence scores of the plans agreed by the end, of people on the register at its end
#: (the change is from the person's first scored plan, when that was agreed by the end, to their
#: latest scored plan, when that was agreed in the period)
SCORED = f"""
    SELECT pv.patient_id, pv.number, cs.score FROM report_versions pv
    JOIN confidence_score cs ON cs.plan_version_id = pv.id JOIN report_cohort r ON r.id = pv.patient_id
    WHERE {AGREED} AND pv.agreed_at < :end_at"""

#: made once per report, in this order (each may use those before it): temporary tables for a
#: whole report, the same queries as common table expressions for one list of people
BASES = (
    ("report_versions", VERSIONS, "id"),
    ("report_people", PEOPLE, "id"),
    ("report_cohort", COHORT, "id"),
    ("report_agreed", AGREED_IN_PERIOD, "patient_id"),
    ("report_latest", LATEST_AGREED, "id"),
    ("report_dues", DUES, "patient_id, due, due_day"),
    ("report_met", MET, "patient_id, day"),
    ("report_information", INFORMATION_GIVEN, "patient_id"),
    ("report_due", DUE_IN_PERIOD, "patient_id, due"),
    ("report_scored", SCORED, "patient_id, number"),
)

CONFIDENCE = f"""
    WITH scored AS (SELECT * FROM report_scored),
    firsts AS (SELECT pv.patient_id, min(pv.number) AS first FROM plan_version pv
               JOIN confidence_score cs ON cs.plan_version_id = pv.id WHERE {AGREED} GROUP BY pv.patient_id),
    ends AS (SELECT s.patient_id, f.first, max(s.number) AS last FROM scored s JOIN firsts f ON f.patient_id = s.patient_id
             GROUP BY s.patient_id HAVING max(s.number) > f.first),
    changes AS (SELECT e.patient_id, l.score - f.score AS change FROM ends e
        JOIN scored f ON f.patient_id = e.patient_id AND f.number = e.first
        JOIN scored l ON l.patient_id = e.patient_id AND l.number = e.last
        WHERE EXISTS (SELECT 1 FROM plan_version pv WHERE pv.patient_id = e.patient_id AND pv.number = e.last
                      AND {in_period('pv.agreed_at')}))
    SELECT CASE WHEN change <= -3 THEN 'down 3 or more' WHEN change < 0 THEN 'down 1 or 2'
                WHEN change = 0 THEN 'no change' WHEN change < 3 THEN 'up 1 or 2' ELSE 'up 3 or more' END AS b,
           patient_id AS p, patient_id AS u FROM changes"""

NEEDS = " UNION ALL ".join(
    f"SELECT '{label}' AS b, p.id AS p, p.id AS u FROM patient p JOIN report_cohort r ON r.id = p.id WHERE {test}"
    for label, test in (("large print", "p.large_print"), ("easy read", "p.easy_read"), ("BSL", "p.bsl"),
                        ("braille", "p.braille"), ("interpreter", "p.interpreter_language IS NOT NULL"),
                        ("someone with them", "p.needs_companion"),
                        ("other need", "trim(coalesce(p.communication_other, '')) != ''")))



BUCKETS = "CASE WHEN n = 0 THEN 'none recorded' WHEN n = 1 THEN '1 condition' WHEN n < 4 THEN n || ' conditions' " \
          "ELSE '4 or more conditions' END"


@dataclass(frozen=True)
class Measure:
    key: str  # the figure's name in the CSV and the wording file
    section: str
    sql: str  # rows (b, p, u): breakdown, patient id, the thing counted
    #: what each row is a share of: (figure, breakdown) names that figure's row; breakdown None
    #: its rows added up (when they never overlap)
    denominator: tuple[str, str | None] | None = None
    chart: str = "bar"  # "bar", "line" (a breakdown by month, every month of the period shown) or "none"
    breakdowns: tuple[str, ...] = ()  # rows shown even when nothing is counted, in this order


REGISTER = ("register", "on the register")
INFORMED = ("information_people", "given information")
PLANS = ("plans_agreed", None)
MEASURES: tuple[Measure, ...] = (
    Measure("register", "The register", "SELECT 'on the register' AS b, id AS p, id AS u FROM report_cohort",
            chart="none", breakdowns=("on the register",)),
    Measure("register_by_condition", "The register", """
        SELECT c.display AS b, c.patient_id AS p, c.patient_id AS u FROM condition c
        JOIN report_cohort r ON r.id = c.patient_id""", denominator=REGISTER),
    Measure("register_by_number_of_conditions", "The register", f"""
        SELECT {BUCKETS} AS b, id AS p, id AS u FROM (
            SELECT r.id, count(c.patient_id) AS n FROM report_cohort r
            LEFT JOIN condition c ON c.patient_id = r.id GROUP BY r.id)""",
            denominator=REGISTER),
    Measure("register_by_level_of_need", "The register", f"""
        SELECT CASE p.level_of_need {LEVELS} END AS b, p.id AS p, p.id AS u FROM patient p
        JOIN report_cohort r ON r.id = p.id""", denominator=REGISTER, breakdowns=tuple(LEVEL_NAMES.values())),
    Measure("register_joined_and_left", "The register", f"""
        SELECT 'joined' AS b, p.id AS p, p.id AS u FROM patient p JOIN report_people r ON r.id = p.id
            WHERE EXISTS (SELECT 1 FROM audit_event a WHERE a.patient_id = p.id AND a.entity = 'patient'
                          AND a.action = 'created' AND {in_period('a.at')})
        UNION ALL SELECT CASE p.register_status WHEN 'died' THEN 'died' WHEN 'moved_away' THEN 'moved away'
                         ELSE 'left the register' END, p.id, p.id FROM patient p JOIN report_people r ON r.id = p.id
            WHERE p.register_status != 'active'
            AND coalesce(p.register_status_on, date(p.changed_at)) BETWEEN :start AND :end""",
            breakdowns=("joined", "died", "moved away", "left the register")),
    Measure("offer", "The offer of care planning", """
        SELECT CASE p.offer_status WHEN 'offered' THEN 'offered, no answer yet' WHEN 'accepted' THEN 'accepted'
               WHEN 'declined' THEN 'declined' ELSE 'not yet offered' END AS b, p.id AS p, p.id AS u
        FROM patient p JOIN report_cohort r ON r.id = p.id""", denominator=REGISTER,
            breakdowns=("offered, no answer yet", "accepted", "declined", "not yet offered")),
    Measure("plans_people", "Plans", f"""
        SELECT 'with an agreed plan' AS b, patient_id AS p, patient_id AS u FROM report_latest""",
            denominator=REGISTER, chart="none", breakdowns=("with an agreed plan",)),
    Measure("plans_agreed", "Plans", f"""
        SELECT CASE WHEN number = 1 THEN 'first plans' ELSE 'later versions' END AS b, patient_id AS p, id AS u
        FROM report_agreed""", breakdowns=("first plans", "later versions")),
    # the month as the moment's first seven characters (YYYY-MM), as strftime('%Y-%m') gives it for
    # the moments the vault stores, without making a new string through the date functions per row
    Measure("plans_by_month", "Plans", f"""
        SELECT substr(agreed_at, 1, 7) AS b, patient_id AS p, id AS u FROM report_agreed""",
            chart="line"),
    Measure("reviews", "Reviews", REVIEWS, denominator=("reviews", "due in the period"),
            breakdowns=("due in the period", "done", "done on time")),
    Measure("reviews_overdue", "Reviews", OVERDUE, denominator=("plans_people", "with an agreed plan"), chart="none",
            breakdowns=("overdue at the end",)),
    Measure("self_care_exits", "Reviews", f"""
        SELECT CASE rv.outcome WHEN 'exited' THEN 'left for self-care' ELSE 'came back' END AS b,
               rv.patient_id AS p, rv.id AS u FROM review rv JOIN report_people r ON r.id = rv.patient_id
        WHERE rv.outcome IN ('exited', 're-entered') AND rv.reviewed_on BETWEEN :start AND :end""",
            breakdowns=("left for self-care", "came back")),
    Measure("information_people", "Information prescriptions", f"""
        SELECT 'given information' AS b, patient_id AS p, patient_id AS u FROM report_information""",
            chart="none", breakdowns=("given information",)),
    Measure("information_by_topic", "Information prescriptions", f"""
        SELECT lower(trim(topic)) AS b, patient_id AS p, patient_id AS u FROM report_information""",
            denominator=INFORMED),
    Measure("information_by_method", "Information prescriptions", f"""
        SELECT coalesce(nullif(method, ''), 'not recorded') AS b, patient_id AS p, patient_id AS u
        FROM report_information""", denominator=INFORMED),
    Measure("information_by_recipient", "Information prescriptions", f"""
        SELECT coalesce(nullif(recipient, ''), 'not recorded') AS b, patient_id AS p, patient_id AS u
        FROM report_information""", denominator=INFORMED),
    Measure("carers", "Carers", f"""
        SELECT 'people with a carer' AS b, c.patient_id AS p, c.patient_id AS u FROM carer c
            JOIN report_cohort r ON r.id = c.patient_id
        UNION ALL SELECT 'carers given a copy of the plan', pl.patient_id, coalesce(pl.carer_uuid, pl.id)
            FROM print_log pl JOIN report_people r ON r.id = pl.patient_id
            WHERE pl.given_to = 'carer' AND {in_period('pl.given_at')}""",
            breakdowns=("people with a carer", "carers given a copy of the plan")),
    Measure("communication_needs", "Communication and access needs", NEEDS, denominator=REGISTER),
    Measure("services", "Services", f"""
        SELECT ss.status || ': ' || coalesce(de.name, ss.name) AS b, pv.patient_id AS p, pv.patient_id AS u
        FROM report_latest pv CROSS JOIN support_service ss ON pv.id = ss.plan_version_id
        LEFT JOIN directory_entry de ON de.uuid = ss.directory_entry_uuid
        WHERE ss.status IN ('taken up', 'refused')"""),
    Measure("goal_themes", "What people want", f"""
        SELECT coalesce(nullif(g.theme, ''), 'no theme') AS b, pv.patient_id AS p, pv.patient_id AS u
        FROM report_latest pv CROSS JOIN goal g ON pv.id = g.plan_version_id WHERE g.status != 'no longer wanted'"""),
    Measure("unmet_needs", "What people want", f"""
        SELECT coalesce(nullif(u.theme, ''), 'no theme') AS b, pv.patient_id AS p, u.id AS u
        FROM report_latest pv CROSS JOIN unmet_need u ON pv.id = u.plan_version_id"""),
    Measure("confidence_change", "Confidence", CONFIDENCE,
            breakdowns=("down 3 or more", "down 1 or 2", "no change", "up 1 or 2", "up 3 or more")),
    Measure("quality_all_elements", "Quality of care planning", f"""
        SELECT CASE WHEN pv.missing_count = 0 THEN 'with all nine key elements' ELSE 'with something missing' END AS b,
               pv.patient_id AS p, pv.id AS u FROM report_agreed pv""", denominator=PLANS,
            breakdowns=("with all nine key elements", "with something missing")),
    Measure("quality_missing_elements", "Quality of care planning", f"""
        SELECT j.value AS b, pv.patient_id AS p, pv.id AS u FROM report_agreed pv,
        json_each(coalesce(pv.missing_at_agreement, '[]')) j WHERE j.value != 'budget'""",
            denominator=PLANS),
    Measure("quality_warnings", "Quality of care planning", f"""
        SELECT CASE j.value WHEN 'goals_copied' THEN 'goals copied from another plan'
               ELSE 'a goal that reads like a service' END AS b, pv.patient_id AS p, pv.id AS u
        FROM report_agreed pv JOIN audit_event a ON a.record_uuid = pv.uuid AND a.action = 'agreed'
             AND a.entity = 'plan_version' AND a.patient_id = pv.patient_id,
        json_each(coalesce(json_extract(a.details, '$.warnings'), '[]')) j""", denominator=PLANS,
            breakdowns=("a goal that reads like a service", "goals copied from another plan")),
    Measure("quality_copy_within_a_week", "Quality of care planning", f"""
        SELECT 'copy given to the person within a week' AS b, pv.patient_id AS p, pv.id AS u
        FROM report_agreed pv WHERE EXISTS (
            SELECT 1 FROM print_log pl WHERE pl.patient_id = pv.patient_id AND pl.plan_version_uuid = pv.uuid
            AND pl.given_to = 'person' AND pl.given_at < datetime(pv.agreed_at, '+7 days'))""",
            denominator=PLANS, chart="none", breakdowns=("copy given to the person within a week",)),
)
BY_KEY = {measure.key: measure for measure in MEASURES}

#: days from the last results letter before a first plan agreed in the period to its agreement
LETTER_TO_PLAN_DAYS = """
    SELECT julianday(pv.agreed_at) - julianday((
        SELECT max(l.sent_at) FROM letter_log l WHERE l.patient_id = pv.patient_id AND l.kind = 'results'
        AND l.sent_at <= pv.agreed_at)) AS days
    FROM report_agreed pv WHERE pv.number = 1 AND EXISTS (
        SELECT 1 FROM letter_log l WHERE l.patient_id = pv.patient_id AND l.kind = 'results' AND l.sent_at <= pv.agreed_at)"""
