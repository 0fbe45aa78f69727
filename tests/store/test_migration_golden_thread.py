"""Migration 0014 (the golden thread) on rows it must meet: a "what I will do" of an agreed plan
that named one goal gets it as its first goal served, and the agreed plan stays fixed (the
table's trigger, lifted for that one update, is back); a downgrade leaves the columns out."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError

from careplan_desktop.store import Vault
from careplan_desktop.store import schema

from .test_migrations import _vault_made_by_first_schema

ROW = "'{uuid}', 1, '2026-01-01 00:00:00'"


@pytest.fixture
def at_0013(tmp_path: Path):
    """A vault at schema 0013 made by today's migration code, with an agreed plan whose "what I
    will do" names one goal, and a draft with none."""
    path = tmp_path / "old" / "practice.vault"
    vault = Vault(path, *_vault_made_by_first_schema(path))  # Lorna, at schema 0001
    schema.upgrade(vault.engine, "0013")
    with vault.engine.begin() as conn:
        conn.execute(text(f"INSERT INTO care_plan (id, patient_id, uuid, revision, changed_at) VALUES (1, 1, {ROW.format(uuid='cp-1')})"))
        for vid, status in ((1, "draft"), (2, "draft")):
            conn.execute(text(
                f"INSERT INTO plan_version (id, care_plan_id, patient_id, number, status, uuid, revision, changed_at) "
                f"VALUES ({vid}, 1, 1, {vid}, '{status}', {ROW.format(uuid=f'v-{vid}')})"))
        conn.execute(text(
            f"INSERT INTO goal (plan_version_id, text, status, position, carried_forward, uuid, revision, changed_at) "
            f"VALUES (1, 'Bingo on Thursdays', 'active', 0, 0, {ROW.format(uuid='g-1')})"))
        for sid, vid, goal in (("s-1", 1, "'g-1'"), ("s-2", 2, "NULL")):
            conn.execute(text(
                f"INSERT INTO self_care_action (plan_version_id, text, goal_uuid, position, carried_forward, uuid, "
                f"revision, changed_at) VALUES ({vid}, 'Bingo money in my purse', {goal}, 0, 0, {ROW.format(uuid=sid)})"))
        conn.execute(text("UPDATE plan_version SET status = 'agreed' WHERE id = 1"))
    yield vault
    vault.lock()


def test_migration_0014_keeps_the_link_and_the_agreed_plan_fixed(at_0013: Vault):
    schema.upgrade(at_0013.engine, "0014")
    with at_0013.engine.begin() as conn:
        rows = dict(conn.execute(text("SELECT uuid, goal_uuids FROM self_care_action")).all())
        assert rows == {"s-1": '["g-1"]', "s-2": None}
        assert {c["name"] for c in inspect(conn).get_columns("goal")} >= {"need", "importance"}
        assert {c["name"] for c in inspect(conn).get_columns("review")} >= {"support_progress"}
    with pytest.raises(DatabaseError, match="agreed and cannot be changed"):
        with at_0013.engine.begin() as conn:
            conn.execute(text("UPDATE self_care_action SET goal_uuids = NULL WHERE uuid = 's-1'"))
    with at_0013.engine.begin() as conn:  # a draft's parts still change freely
        conn.execute(text("UPDATE self_care_action SET goal_uuids = '[]' WHERE uuid = 's-2'"))
    from alembic import command

    config = schema.alembic_config()
    with at_0013.engine.begin() as connection:  # and back: the columns go, the rows stay
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
    with at_0013.engine.begin() as conn:
        assert "goal_uuids" not in {c["name"] for c in inspect(conn).get_columns("self_care_action")}
        assert dict(conn.execute(text("SELECT uuid, goal_uuid FROM self_care_action")).all()) == {"s-1": "g-1", "s-2": None}
