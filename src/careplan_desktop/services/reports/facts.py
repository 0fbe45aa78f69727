"""Keeping the report's facts (`models.report_facts`) true: the people the triggers marked stale
have their facts rebuilt from their records, a few hundred people to a transaction, before a
report counts.

    refresh(vault)   # before counting; cheap when nothing changed

Each rebuild takes the write lock first (its first statement deletes), so what it reads cannot
change under it, and holds it only for one chunk: a nurse saving a plan waits at most for one
chunk, never for a whole practice. The SQL here says, once, what each figure's words mean in a
person's record; `measures` says the same over the records themselves, and
tests/services/test_report_facts.py checks the two agree on every figure, period and filter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import text

from careplan_desktop.models.report_facts import FACT_TABLES, NEVER, NEVER_DAY
from careplan_desktop.services.reports.measures import day_number
from careplan_desktop.store import Vault
from careplan_desktop.store.vault import larger_cache

log = logging.getLogger(__name__)

CHUNK = 500  # people a transaction
IN_CHUNK = "IN (SELECT id FROM temp.report_chunk)"
SEPARATOR, FIELD = "char(31)", "char(30)"  # models.report_facts.SEPARATOR and FIELD, in SQL


def _plain(words: str) -> str:
    """Words with the two characters that join a list taken out (never typed, but never trusted)."""
    return f"replace(replace({words}, {SEPARATOR}, ' '), {FIELD}, ' ')"


AGREED = "pv.status != 'draft' AND pv.agreed_at IS NOT NULL"

BUILD = (
    f"""INSERT INTO report_person SELECT p.id,
        (SELECT max(a.at) FROM audit_event a WHERE a.patient_id = p.id AND a.entity = 'patient' AND a.action = 'created'),
        CASE WHEN p.register_status = 'active' THEN NULL ELSE coalesce(p.register_status_on, date(p.changed_at)) END,
        CASE WHEN p.register_status != 'active' THEN p.register_status END,
        p.level_of_need, p.offer_status,
        (SELECT count(*) FROM condition c WHERE c.patient_id = p.id),
        EXISTS (SELECT 1 FROM carer k WHERE k.patient_id = p.id),
        coalesce(p.large_print, 0) != 0, coalesce(p.easy_read, 0) != 0, coalesce(p.bsl, 0) != 0,
        coalesce(p.braille, 0) != 0, p.interpreter_language IS NOT NULL, coalesce(p.needs_companion, 0) != 0,
        trim(coalesce(p.communication_other, '')) != '',
        (SELECT min(pv.agreed_at) FROM plan_version pv WHERE pv.patient_id = p.id AND {AGREED})
    FROM patient p WHERE p.id {IN_CHUNK}""",
    f"""INSERT INTO report_joined SELECT DISTINCT a.patient_id, a.at FROM audit_event a
        WHERE a.patient_id {IN_CHUNK} AND a.entity = 'patient' AND a.action = 'created' AND a.at IS NOT NULL""",
    f"""INSERT INTO report_condition SELECT DISTINCT c.display, c.patient_id FROM condition c
        WHERE c.patient_id {IN_CHUNK} AND c.display IS NOT NULL""",
    # each agreed version; "superseded" is the first agreement of a higher-numbered version
    f"""INSERT INTO report_version SELECT pv.id, pv.patient_id, pv.number, pv.agreed_at,
        coalesce(pv.superseded_at, '{NEVER}'), coalesce(pv.missing_at_agreement, '[]'),
        (SELECT group_concat(json_extract(a.details, '$.warnings'), {SEPARATOR}) FROM audit_event a
         WHERE a.record_uuid = pv.uuid AND a.patient_id = pv.patient_id AND a.action = 'agreed'
         AND a.entity = 'plan_version'),
        EXISTS (SELECT 1 FROM print_log pl WHERE pl.patient_id = pv.patient_id AND pl.plan_version_uuid = pv.uuid
                AND pl.given_to = 'person' AND pl.given_at < datetime(pv.agreed_at, '+7 days')),
        CASE WHEN pv.number = 1 THEN julianday(pv.agreed_at) - julianday((
            SELECT max(l.sent_at) FROM letter_log l WHERE l.patient_id = pv.patient_id AND l.kind = 'results'
            AND l.sent_at <= pv.agreed_at)) END,
        (SELECT group_concat({_plain("coalesce(nullif(g.theme, ''), 'no theme')")}, {SEPARATOR}) FROM goal g
         WHERE g.plan_version_id = pv.id AND g.status != 'no longer wanted'),
        (SELECT group_concat({_plain("coalesce(nullif(u.theme, ''), 'no theme')")}, {SEPARATOR}) FROM unmet_need u
         WHERE u.plan_version_id = pv.id),
        (SELECT group_concat(ss.status || {FIELD} || coalesce(ss.directory_entry_uuid, '') || {FIELD} || {_plain('ss.name')},
                             {SEPARATOR})
         FROM support_service ss WHERE ss.plan_version_id = pv.id AND ss.status IN ('taken up', 'refused'))
    FROM (SELECT x.id, x.uuid, x.patient_id, x.number, x.agreed_at, x.missing_at_agreement,
                 min(x.agreed_at) OVER (PARTITION BY x.patient_id ORDER BY x.number
                                        RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS superseded_at
          FROM plan_version x WHERE x.patient_id {IN_CHUNK} AND x.status != 'draft' AND x.agreed_at IS NOT NULL) pv""",
    # the days reviews fell due and the days they were done, for the people of the chunk
    "DROP TABLE IF EXISTS temp.report_chunk_due",
    f"""CREATE TEMP TABLE report_chunk_due AS SELECT DISTINCT patient_id, {day_number('due')} AS due_day FROM (
        SELECT pv.patient_id, pv.review_date AS due FROM plan_version pv
            WHERE pv.patient_id {IN_CHUNK} AND pv.status != 'draft' AND pv.review_date IS NOT NULL
        UNION ALL SELECT rv.patient_id, rv.next_review_date FROM review rv
            WHERE rv.patient_id {IN_CHUNK} AND rv.next_review_date IS NOT NULL
        UNION ALL SELECT p.id, p.next_review_date FROM patient p WHERE p.id {IN_CHUNK} AND p.next_review_date IS NOT NULL)
        WHERE {day_number('due')} IS NOT NULL""",
    "CREATE INDEX temp.ix_report_chunk_due ON report_chunk_due (patient_id, due_day)",
    "DROP TABLE IF EXISTS temp.report_chunk_met",
    f"""CREATE TEMP TABLE report_chunk_met AS
        SELECT rv.patient_id, {day_number('rv.reviewed_on')} AS day FROM review rv WHERE rv.patient_id {IN_CHUNK}
        UNION ALL SELECT pv.patient_id, {day_number('pv.agreed_at')} FROM plan_version pv
            WHERE pv.patient_id {IN_CHUNK} AND {AGREED}""",
    "CREATE INDEX temp.ix_report_chunk_met ON report_chunk_met (patient_id, day)",
    f"""INSERT INTO report_due SELECT d.patient_id, d.due_day,
        (SELECT min(m.day) FROM temp.report_chunk_met m WHERE m.patient_id = d.patient_id AND m.day >= d.due_day - 28),
        coalesce((SELECT min(x.due_day) FROM temp.report_chunk_due x WHERE x.patient_id = d.patient_id
                  AND x.due_day > d.due_day), {NEVER_DAY})
    FROM temp.report_chunk_due d""",
    f"""INSERT INTO report_exit SELECT rv.id, rv.patient_id, rv.outcome, rv.reviewed_on FROM review rv
        WHERE rv.patient_id {IN_CHUNK} AND rv.outcome IN ('exited', 're-entered')""",
    f"""INSERT INTO report_information (patient_id, day, topic, method, recipient)
        SELECT pv.patient_id, coalesce(ip.given_on, date(pv.agreed_at)), lower(trim(ip.topic)),
               coalesce(nullif(ip.method, ''), 'not recorded'), coalesce(nullif(ip.recipient, ''), 'not recorded')
        FROM plan_version pv JOIN information_prescription ip ON ip.plan_version_id = pv.id
        WHERE pv.patient_id {IN_CHUNK} AND {AGREED} AND NOT ip.carried_forward""",
    f"""INSERT INTO report_carer_copy (patient_id, unit, given_at)
        SELECT pl.patient_id, coalesce(pl.carer_uuid, pl.id), pl.given_at FROM print_log pl
        WHERE pl.patient_id {IN_CHUNK} AND pl.given_to = 'carer'""",
    # the scores of agreed versions, then each later version's scores against the first's
    "DROP TABLE IF EXISTS temp.report_chunk_score",
    f"""CREATE TEMP TABLE report_chunk_score AS SELECT pv.patient_id, pv.number, pv.agreed_at, cs.score
        FROM plan_version pv JOIN confidence_score cs ON cs.plan_version_id = pv.id
        WHERE pv.patient_id {IN_CHUNK} AND {AGREED}""",
    "CREATE INDEX temp.ix_report_chunk_score ON report_chunk_score (patient_id, number)",
    f"""INSERT INTO report_score (patient_id, agreed_at, next_scored_at, first_agreed_at, change)
        SELECT l.patient_id, l.agreed_at,
               coalesce((SELECT min(x.agreed_at) FROM temp.report_chunk_score x WHERE x.patient_id = l.patient_id
                         AND x.number > l.number), '{NEVER}'),
               f.agreed_at, l.score - f.score
        FROM temp.report_chunk_score l
        JOIN temp.report_chunk_score f ON f.patient_id = l.patient_id AND f.number = (
            SELECT min(y.number) FROM temp.report_chunk_score y WHERE y.patient_id = l.patient_id)
        WHERE l.number > f.number""",
    "DROP TABLE temp.report_chunk_score",
    "DROP TABLE temp.report_chunk_due",
    "DROP TABLE temp.report_chunk_met",
)


def _rebuild_chunk(session, ids: list[int]) -> None:
    for table in FACT_TABLES:  # the first write takes the lock: nothing read below can change
        session.execute(text(f"DELETE FROM {table} WHERE patient_id IN ({','.join(map(str, ids))})"))
    session.execute(text("DROP TABLE IF EXISTS temp.report_chunk"))
    session.execute(text("CREATE TEMP TABLE report_chunk (id INTEGER PRIMARY KEY)"))
    session.execute(text("INSERT INTO temp.report_chunk (id) VALUES (:id)"), [{"id": i} for i in ids])
    for statement in BUILD:
        session.execute(text(statement))
    session.execute(text(f"DELETE FROM report_stale WHERE patient_id {IN_CHUNK}"))
    session.execute(text("DROP TABLE temp.report_chunk"))


def refresh(vault: Vault, *, chunk: int = CHUNK, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the facts of every stale person; the number rebuilt. `progress(done, total)` is
    told after each chunk when there is more than one (the first report after the upgrade that
    brought the facts builds everyone's)."""
    done = total = 0
    while True:
        with vault.transaction() as session, larger_cache(session):
            if not total:
                total = session.execute(text("SELECT count(*) FROM report_stale")).scalar() or 0
            ids = [i for (i,) in session.execute(
                text("SELECT patient_id FROM report_stale ORDER BY patient_id LIMIT :n"), {"n": chunk})]
            if not ids:
                break
            _rebuild_chunk(session, ids)
        done += len(ids)
        if progress is not None and total > chunk:
            progress(min(done, total), total)
    if done:
        log.info("report facts rebuilt for %d people", done)
    return done
