"""A practice exchanging through one shared folder (issue 14, section 5): a hub and N computers,
each editing people every day, some people on two computers the same day; every day each
computer exports what changed to the shared folder and imports what the others left there; the
nurse at the hub resolves the conflicts she is shown. Seeded and headless: the same seed gives
the same edits. Used by tests/exchange/test_practice_simulation.py and bench/bench_sync_practice.py.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from careplan_desktop.exchange import container, keys
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.conflicts import list_conflicts, resolve_conflict
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.exchange.inbox import waiting_bundles
from careplan_desktop.exchange.inbox_folders import _own_prefix
from careplan_desktop.exchange.keys import read_key_file
from careplan_desktop.models import AuditEvent, Patient
from careplan_desktop.services.demo.case_mix import create_demo_vault
from careplan_desktop.store import Vault

from .helpers import introduce, logical_dump

PASSPHRASE = "correct horse battery staple"
START = dt.date(2026, 5, 4)


@dataclass
class Figures:
    imports: int = 0
    import_seconds: float = 0.0
    largest_import_seconds: float = 0.0
    largest_import_bytes: int = 0
    unseal_seconds_of_largest: float = 0.0
    exports: int = 0
    export_seconds: float = 0.0
    edits: Counter = field(default_factory=Counter)  # device uuid -> people edited
    conflicts_shown: int = 0
    conflicts_resolved: int = 0


class Practice:
    def __init__(self, folder: Path, *, computers: int = 6, people: int = 30, seed: int = 14) -> None:
        self.rng = random.Random(seed)
        self.folder = folder
        self.shared = folder / "shared"
        self.shared.mkdir()
        self.figures = Figures()
        self.counter = 0
        self.hub = create_demo_vault(folder / "hub.vault", PASSPHRASE, patients=people, seed=seed, today=START)
        self.key_file = folder / "practice.key"
        keys.create_and_install_key(self.hub, self.key_file, practice="Simulated practice")
        keys.name_this_device(self.hub, "Practice hub")
        self.vaults = [self.hub]
        for i in range(computers):
            vault = Vault.create(folder / f"computer-{i}.vault", PASSPHRASE, PASSPHRASE, user_name=f"Nurse {i}",
                                 device_name=f"Computer {i}")
            keys.install_key(vault, self.key_file)
            keys.name_this_device(vault, f"Computer {i}")
            self.vaults.append(vault)
        introduce(*self.vaults)
        with self.hub.reader() as session:
            self.people = sorted(session.scalars(select(Patient.uuid)))
        self._export(self.hub, scope="all")
        self.exchange()

    # -- one computer's actions ------------------------------------------------------------------
    def _export(self, vault: Vault, scope: str = "changed") -> None:
        started = time.perf_counter()
        made = export_bundle(vault, self.shared, scope=scope, printouts=False)
        self.figures.export_seconds += time.perf_counter() - started
        self.figures.exports += 0 if made.nothing_to_send else 1

    def _import_waiting(self, vault: Vault) -> None:
        own = _own_prefix(vault)
        for path in waiting_bundles(vault, self.shared):
            if path.name.startswith(own):
                continue
            started = time.perf_counter()
            import_bundle(vault, path)
            took = time.perf_counter() - started
            self.figures.imports += 1
            self.figures.import_seconds += took
            if took > self.figures.largest_import_seconds:
                self.figures.largest_import_seconds = took
                self.figures.largest_import_bytes = path.stat().st_size
                self.figures.unseal_seconds_of_largest = self._unseal_seconds(path)

    def _unseal_seconds(self, path: Path) -> float:
        info, key, _ = read_key_file(self.key_file)
        started = time.perf_counter()
        _, plain = container.unseal(path.read_bytes(), {info.key_id: key})
        container.read_entries(plain)
        return time.perf_counter() - started

    def edit(self, vault: Vault, people: list[str], day: int) -> None:
        with vault.transaction() as session:
            for uuid in people:
                person = session.scalar(select(Patient).where(Patient.uuid == uuid))
                self.counter += 1
                person.phone = f"01632 {self.counter:06d}"  # always a change: one audit row each
                if self.rng.random() < 0.5:
                    person.next_review_date = START + dt.timedelta(days=day + self.rng.randint(30, 300))
        self.figures.edits[vault.actor.device_uuid] += len(people)

    def resolve_at_hub(self) -> None:
        """The nurse at the hub sees each conflict and keeps the version she checks as right."""
        for conflict in list_conflicts(self.hub):
            self.figures.conflicts_shown += 1
            choice = "keep_incoming" if conflict.incoming is not None and self.rng.random() < 0.5 else "keep_local"
            resolve_conflict(self.hub, conflict.id, choice)
            self.figures.conflicts_resolved += 1

    # -- the practice ------------------------------------------------------------------------------
    def exchange(self) -> None:
        order = list(self.vaults)
        self.rng.shuffle(order)
        for vault in order:
            self._export(vault)
        for vault in order:
            self._import_waiting(vault)

    def day(self, day: int, per_day: int, shared_share: float = 0.15, *, exchange: bool = True) -> None:
        chosen = {}
        for vault in self.vaults:
            chosen[vault] = self.rng.sample(self.people, per_day)
        twice = [p for p in self.rng.sample(self.people, max(1, int(per_day * shared_share)))]
        for person in twice:  # edited on two computers the same day
            for vault in self.rng.sample(self.vaults, 2):
                if person not in chosen[vault]:
                    chosen[vault].append(person)
        for vault, people in chosen.items():
            self.edit(vault, people, day)
        if exchange:
            self.exchange()
            self.resolve_at_hub()

    def settle(self, rounds: int = 8) -> int:
        """Exchange until nothing is left to send and no conflict waits (the hub resolving)."""
        for done in range(1, rounds + 1):
            self.exchange()
            self.resolve_at_hub()
            if not any(list_conflicts(v) for v in self.vaults) and self._quiet():
                return done
        return rounds

    def _quiet(self) -> bool:
        dumps = [self.records(v) for v in self.vaults]
        return all(d == dumps[0] for d in dumps)

    @staticmethod
    def records(vault: Vault) -> dict:
        dump = logical_dump(vault)
        return {k: v for k, v in dump.items() if k not in ("device", "user", "conflicts")}

    def edits_seen(self, vault: Vault) -> Counter:
        """The people-edits of each computer whose audit rows reached this vault."""
        with vault.reader() as session:
            rows = session.execute(select(AuditEvent.device_uuid, AuditEvent.details).where(
                AuditEvent.action == "changed", AuditEvent.entity == "patient",
                AuditEvent.device_uuid.in_(list(self.figures.edits)))).all()
        return Counter(device for device, details in rows if not (details or {}).get("bundle")
                       and not (details or {}).get("conflict"))

    def close(self) -> None:
        for vault in self.vaults:
            if vault.is_open:
                vault.lock()
