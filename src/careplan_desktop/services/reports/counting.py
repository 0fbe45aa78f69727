"""Counting every figure of a report from the report's facts (`models.report_facts`), in ten
queries: a scan of the people on the register, then only the rows of the period (by index) or
still in force at its end. Each figure's meaning is the one `measures` gives over the records
themselves; tests/services/test_report_facts.py checks both count the same on every figure.

`count_all(session, filters)` gives `{figure key: {breakdown: count}}` (only what was found:
the breakdowns always shown are added by the caller) and the days from the results letter to
each first plan agreed in the period. No Qt.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter, defaultdict

from sqlalchemy import text

from careplan_desktop.models.codes import LEVEL_NAMES
from careplan_desktop.models.report_facts import FIELD, SEPARATOR
from careplan_desktop.services.reports import measures

#: on the register at the end of the period (as `measures.ON_REGISTER_AT_END`), read from a
#: person's own facts row
COHORT = ("coalesce(rp.left_on, '9999') > :end "  # (read whole: not worth an index here)
          "AND (rp.created_last IS NULL OR rp.created_last < :end_at)")
#: the few who are not (left by the end, or added after it), made once a report: the other facts
#: tables ask "not one of these" instead of looking every row's person up
OUTSIDE = ("SELECT patient_id FROM report_person WHERE left_on <= :end "
           "UNION SELECT patient_id FROM report_person WHERE created_last >= :end_at")
OFFER = {"offered": "offered, no answer yet", "accepted": "accepted", "declined": "declined"}
NEEDS = (("large_print", "large print"), ("easy_read", "easy read"), ("bsl", "BSL"), ("braille", "braille"),
         ("interpreter", "interpreter"), ("companion", "someone with them"), ("other_need", "other need"))
LEFT = {"died": "died", "moved_away": "moved away"}
WARNINGS = {"copied": "goals copied from another plan", "service": "a goal that reads like a service"}
CONFIDENCE = ((-3, "down 3 or more"), (-1, "down 1 or 2"), (0, "no change"), (2, "up 1 or 2"))


def day_number(day: dt.date) -> int:
    """The whole day number `measures.day_number` gives in SQL (julianday + 0.5)."""
    return day.toordinal() + 1_721_425


def _conditions_bucket(n: int) -> str:
    return "none recorded" if n == 0 else "1 condition" if n == 1 else f"{n} conditions" if n < 4 else \
        "4 or more conditions"


def _confidence_bucket(change: int) -> str:
    return next((label for top, label in CONFIDENCE if change <= top), "up 3 or more")


@functools.cache
def _missing(held: str) -> frozenset[str]:
    """The key elements a version was agreed without (the budget is not one of the nine)."""
    return frozenset(str(element) for element in json.loads(held) or () if element != "budget")


@functools.cache
def _warnings(held: str | None) -> frozenset[str]:
    """What the warnings a version was agreed with say, from each agreement's list."""
    lists = [json.loads(part) for part in held.split(SEPARATOR)] if held else []
    return frozenset(WARNINGS["copied" if warning == "goals_copied" else "service"]
                     for listed in lists if listed for warning in listed)


class _Counting:
    def __init__(self, session, params: dict, filtered: bool) -> None:
        self.session, self.params = session, params
        self.found: dict[str, Counter] = defaultdict(Counter)
        self.only = " AND {0}.patient_id IN (SELECT id FROM temp.report_filter)" if filtered else ""

    def rows(self, sql: str, alias: str):
        """`{only}` in the SQL: the filters' people only; `{on_register}`: people on the register."""
        sql = sql.replace("{only}", self.only.format(alias))
        sql = sql.replace("{on_register}", f"{alias}.patient_id NOT IN (SELECT id FROM temp.report_outside)")
        return self.session.execute(text(sql), self.params)

    def add(self, key: str, breakdown: str | None, n: int | None) -> None:
        if breakdown is not None and n:
            self.found[key][breakdown] += n

    def people(self) -> None:
        levels = list(LEVEL_NAMES)
        sums = ["count(*)", *(f"sum(rp.conditions = {n})" for n in range(4)), "sum(rp.conditions >= 4)",
                *(f"sum(rp.level_of_need = {level})" for level in levels),
                *(f"sum(rp.offer_status = '{status}')" for status in OFFER),
                f"sum(rp.offer_status IS NULL OR rp.offer_status NOT IN ({', '.join(repr(s) for s in OFFER)}))",
                *(f"sum(rp.{column})" for column, _label in NEEDS), "sum(rp.has_carer)",
                "sum(rp.first_agreed_at < :end_at)"]
        row = list(self.rows(f"SELECT {', '.join(sums)} FROM report_person rp WHERE {COHORT}{{only}}", "rp").one())
        take = lambda k: [row.pop(0) or 0 for _ in range(k)]  # noqa: E731
        self.add("register", "on the register", *take(1))
        for n, count in enumerate(take(5)):
            self.add("register_by_number_of_conditions", _conditions_bucket(n), count)
        for level, count in zip(levels, take(len(levels))):
            self.add("register_by_level_of_need", LEVEL_NAMES[level], count)
        for label, count in zip([*OFFER.values(), "not yet offered"], take(len(OFFER) + 1)):
            self.add("offer", label, count)
        for (_column, label), count in zip(NEEDS, take(len(NEEDS))):
            self.add("communication_needs", label, count)
        self.add("carers", "people with a carer", *take(1))
        self.add("plans_people", "with an agreed plan", *take(1))
        for kind, count in self.rows("SELECT rp.left_kind, count(*) FROM report_person rp WHERE rp.left_kind IS NOT NULL "
                                     "AND rp.left_on BETWEEN :start AND :end{only} GROUP BY rp.left_kind", "rp"):
            self.add("register_joined_and_left", LEFT.get(kind, "left the register"), count)
        self.add("register_joined_and_left", "joined", self.rows(
            "SELECT count(DISTINCT j.patient_id) FROM report_joined j WHERE j.at >= :start_at AND j.at < :end_at{only}",
            "j").scalar())
        for display, count in self.rows(
                "SELECT rc.display, count(*) FROM report_condition rc WHERE {on_register}{only} GROUP BY rc.display",
                "rc"):
            self.add("register_by_condition", display, count)

    def plans_agreed(self) -> list[float]:
        """The versions agreed in the period, counted by what they were agreed with (a few
        hundred kinds of version at most); the days from the letter for each first plan."""
        period = "FROM report_version v WHERE v.agreed_at >= :start_at AND v.agreed_at < :end_at{only}"
        for first, month_agreed, missing, warnings, copy_week, n in self.rows(
                f"SELECT v.number = 1, substr(v.agreed_at, 1, 7), v.missing, v.warnings, v.copy_week, count(*) "
                f"{period} GROUP BY 1, 2, 3, 4, 5", "v"):
            elements = _missing(missing)
            self.add("plans_agreed", "first plans" if first else "later versions", n)
            self.add("plans_by_month", month_agreed, n)
            self.add("quality_all_elements", "with something missing" if elements else "with all nine key elements", n)
            for element in elements:
                self.add("quality_missing_elements", element, n)
            for warning in _warnings(warnings):
                self.add("quality_warnings", warning, n)
            if copy_week:
                self.add("quality_copy_within_a_week", "copy given to the person within a week", n)
        return [days for (days,) in self.rows(f"SELECT v.letter_days {period} AND v.number = 1 "
                                              f"AND v.letter_days IS NOT NULL", "v")]

    def reviews(self) -> None:
        due, done, on_time = self.rows(
            "SELECT count(*), sum(d.first_met <= :end_day), sum(d.first_met <= min(:end_day, d.due_day + 28)) "
            "FROM report_due d WHERE d.due_day BETWEEN :start_day AND :end_day AND {on_register}{only}", "d").one()
        self.add("reviews", "due in the period", due)
        self.add("reviews", "done", done)
        self.add("reviews", "done on time", on_time)
        self.add("reviews_overdue", "overdue at the end", self.rows(
            "SELECT count(*) FROM report_due d WHERE d.next_due_day > :end_day AND d.due_day <= :end_day "
            "AND (d.first_met IS NULL OR d.first_met > :end_day) AND {on_register}{only}", "d").scalar())
        for outcome, count in self.rows("SELECT x.outcome, count(*) FROM report_exit x "
                                        "WHERE x.day BETWEEN :start AND :end{only} GROUP BY x.outcome", "x"):
            self.add("self_care_exits", "left for self-care" if outcome == "exited" else "came back", count)

    def given(self) -> None:
        people, topics, methods, recipients = set(), defaultdict(set), defaultdict(set), defaultdict(set)
        for patient, topic, method, recipient in self.rows(
                "SELECT i.patient_id, i.topic, i.method, i.recipient FROM report_information i "
                "WHERE i.day BETWEEN :start AND :end{only}", "i"):
            people.add(patient)
            topics[topic].add(patient)
            methods[method].add(patient)
            recipients[recipient].add(patient)
        self.add("information_people", "given information", len(people))
        for key, sets in (("information_by_topic", topics), ("information_by_method", methods),
                          ("information_by_recipient", recipients)):
            for breakdown, who in sets.items():
                self.add(key, breakdown, len(who))
        self.add("carers", "carers given a copy of the plan", self.rows(
            "SELECT count(DISTINCT c.unit) FROM report_carer_copy c WHERE c.given_at >= :start_at "
            "AND c.given_at < :end_at{only}", "c").scalar())

    def latest_plans(self) -> None:
        """Goal themes, services and unmet needs of each person's latest plan by the end."""
        named = dict(self.session.execute(text("SELECT uuid, name FROM directory_entry")).all())
        sets: dict[tuple[str, str], set] = defaultdict(set)
        for patient, themes, unmet, services in self.rows(
                "SELECT v.patient_id, v.themes, v.unmet, v.services FROM report_version v "
                "WHERE v.superseded_at >= :end_at AND v.agreed_at < :end_at AND {on_register}{only}", "v"):
            for theme in themes.split(SEPARATOR) if themes else ():
                sets["goal_themes", theme].add(patient)
            for service in services.split(SEPARATOR) if services else ():
                status, entry, typed = service.split(FIELD)
                sets["services", f"{status}: {named.get(entry, typed) if entry else typed}"].add(patient)
            for theme in unmet.split(SEPARATOR) if unmet else ():
                self.add("unmet_needs", theme, 1)
        for (key, breakdown), who in sets.items():
            self.add(key, breakdown, len(who))

    def confidence(self) -> None:
        buckets = defaultdict(set)
        for patient, change in self.rows(
                "SELECT s.patient_id, s.change FROM report_score s WHERE s.agreed_at >= :start_at "
                "AND s.agreed_at < :end_at AND s.next_scored_at >= :end_at AND s.first_agreed_at < :end_at "
                "AND {on_register}{only}", "s"):
            buckets[_confidence_bucket(change)].add(patient)
        for label, who in buckets.items():
            self.add("confidence_change", label, len(who))


def count_all(session, filters) -> tuple[dict[str, Counter], list[float]]:
    """Every figure's counts for the filters, from the facts (refreshed by the caller)."""
    params = {**filters.params(), "start_day": day_number(filters.period.start),
              "end_day": day_number(filters.period.end)}
    filtered = bool(params["condition"] or params["lead"])
    if filtered:
        session.execute(text("DROP TABLE IF EXISTS temp.report_filter"))
        session.execute(text("CREATE TEMP TABLE report_filter (id INTEGER PRIMARY KEY)"))
        session.execute(text(f"INSERT INTO temp.report_filter (id) {measures.PEOPLE}"), params)
    session.execute(text("DROP TABLE IF EXISTS temp.report_outside"))
    session.execute(text("CREATE TEMP TABLE report_outside (id INTEGER PRIMARY KEY)"))
    session.execute(text(f"INSERT INTO temp.report_outside (id) {OUTSIDE}"), params)
    counting = _Counting(session, params, filtered)
    counting.people()
    letter_days = counting.plans_agreed()
    counting.reviews()
    counting.given()
    counting.latest_plans()
    counting.confidence()
    session.execute(text("DROP TABLE temp.report_outside"))
    if filtered:
        session.execute(text("DROP TABLE temp.report_filter"))
    return counting.found, letter_days
