"""Issue 14, section 5: a hub and six computers exchanging through a shared folder for four
weeks, each editing people every day, some people on two computers the same day. Every computer
ends in the same state, every conflict is shown (and resolved at the hub), nothing is lost: every
computer's edits reach every other computer's audit trail. Seeded and headless; the longer run is
bench/bench_sync_practice.py (every computer exchanging every day, 20 people a day)."""

from __future__ import annotations

from .simulation import Practice

DAYS, PER_DAY, PEOPLE, EVERY = 28, 3, 24, 3  # in CI: exchanging every third day keeps it under two minutes


def test_seven_computers_for_four_weeks_end_in_the_same_state_with_nothing_lost(tmp_path) -> None:
    practice = Practice(tmp_path, computers=6, people=PEOPLE, seed=14)
    try:
        for day in range(DAYS):
            practice.day(day, PER_DAY, exchange=day % EVERY == EVERY - 1)
        rounds = practice.settle()
        figures = practice.figures
        assert rounds < 8
        ends = [practice.records(v) for v in practice.vaults]
        assert all(end == ends[0] for end in ends[1:])  # the same records everywhere
        assert len(ends[0]["patient"]) == len(practice.people)  # nobody added, nobody lost
        assert figures.conflicts_shown > 0 and figures.conflicts_shown == figures.conflicts_resolved
        for vault in practice.vaults:
            seen = practice.edits_seen(vault)
            for device, made in figures.edits.items():
                if device != practice.hub.actor.device_uuid:
                    assert seen[device] == made, "a computer's edits did not all reach another computer"
        print(f"\n{figures.imports} imports in {figures.import_seconds:.1f} s; largest {figures.largest_import_seconds:.3f} s "
              f"({figures.largest_import_bytes} bytes; decrypt and unzip alone {figures.unseal_seconds_of_largest:.4f} s); "
              f"{figures.conflicts_shown} conflicts shown and resolved; settled in {rounds} rounds")
    finally:
        practice.close()
