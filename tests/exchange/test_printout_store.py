"""The printout store: a yellow-folder PDF made once is what the export carries, as long as a
fresh render would be the same; a change to what the printout is made from renders it again; a
failed export stores nothing."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, update

from careplan_desktop.exchange import ExchangeError, export as export_module
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.models import Patient, PlanVersion, SentRecord, StoredPrintout, VersionStatus
from careplan_desktop.domain.paths import bundled_resources_dir
from careplan_desktop.services.planning import printout_store
from careplan_desktop.services.demo.case_studies import JACK_NHS, JAMES_NHS, LORNA_NHS
from careplan_desktop.services.planning.printout import yellow_folder_data
from tests.documents.pdf_text import page_texts

from .helpers import SECRETS, unseal_bundle

NEW_TITLE = "My plan, in my words"


@pytest.fixture
def renders(monkeypatch):
    """Every yellow-folder render, counted (the real renderer still runs)."""
    made: list[str] = []
    real = printout_store.render_pdf

    def counted(data):
        made.append(data.full_name)
        return real(data)

    monkeypatch.setattr(printout_store, "render_pdf", counted)
    return made


def agreed_version(vault, nhs_number: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(PlanVersion.uuid).join(Patient).where(
            Patient.nhs_number == nhs_number, PlanVersion.status == VersionStatus.AGREED.value))


def stored(vault) -> dict[tuple[str, bool], tuple[str, bytes]]:
    with vault.reader() as session:
        rows = session.execute(select(PlanVersion.uuid, StoredPrintout.large_print, StoredPrintout.inputs_key,
                                      StoredPrintout.pdf).join(PlanVersion, PlanVersion.id == StoredPrintout.plan_version_id))
        return {(uuid, large): (key, pdf) for uuid, large, key, pdf in rows}


def export_lorna(pair):
    result = export_bundle(pair.hub, pair.usb, scope="people", nhs_numbers=(LORNA_NHS,))
    entries, _, _ = unseal_bundle(result.path, pair.key_file)
    return result, entries


def test_a_printout_kept_when_printed_is_what_the_export_carries(pair, renders):
    lorna = agreed_version(pair.hub, LORNA_NHS)
    assert stored(pair.hub) == {}
    pdf = printout_store.printout_pdf(pair.hub, lorna)
    assert renders == ["Lorna Baxter"]
    assert list(stored(pair.hub)) == [(lorna, True)]  # her own need: large print
    assert stored(pair.hub)[(lorna, True)][1] == pdf

    result, entries = export_lorna(pair)
    assert renders == ["Lorna Baxter"]  # not rendered a second time
    assert result.printouts == 1 and entries[f"printouts/{lorna}.pdf"] == pdf
    text = " ".join(page_texts(entries[f"printouts/{lorna}.pdf"]))
    assert "Lorna Baxter" in text and "999 000 0018" in text and "My care and support plan" in text
    assert printout_store.printout_pdf(pair.hub, lorna) == pdf and renders == ["Lorna Baxter"]  # a reprint too


def test_an_export_keeps_the_printouts_it_had_to_make(pair, renders):
    result = export_bundle(pair.hub, pair.usb, scope="all")
    agreed = {agreed_version(pair.hub, n) for n in (LORNA_NHS, JAMES_NHS)} - {None}
    assert result.printouts == len(renders) >= 2 and set(renders) >= {"Lorna Baxter", "James Okafor"}
    entries, _, _ = unseal_bundle(result.path, pair.key_file)
    kept = stored(pair.hub)
    assert {uuid for uuid, _ in kept} >= agreed
    for (uuid, _), (_, pdf) in kept.items():
        assert entries[f"printouts/{uuid}.pdf"] == pdf
    renders.clear()
    again = export_bundle(pair.hub, pair.usb, scope="all")
    assert again.printouts == result.printouts and renders == []


def test_a_practice_wording_change_renders_again_and_replaces_the_stored_one(pair, renders, data_dir):
    lorna = agreed_version(pair.hub, LORNA_NHS)
    first = printout_store.printout_pdf(pair.hub, lorna)
    old_key = stored(pair.hub)[(lorna, True)][0]
    bundled = (bundled_resources_dir() / "wording" / "yellow_folder.toml").read_text(encoding="utf-8")
    assert '\ntitle = "My care and support plan"' in bundled
    override = data_dir / "resources" / "wording" / "yellow_folder.toml"
    override.parent.mkdir(parents=True)
    override.write_text(bundled.replace('\ntitle = "My care and support plan"', f'\ntitle = "{NEW_TITLE}"', 1),
                        encoding="utf-8")

    result, entries = export_lorna(pair)
    assert len(renders) == 2
    carried = entries[f"printouts/{lorna}.pdf"]
    assert carried != first and NEW_TITLE in page_texts(carried)[0]
    [(key, pdf)] = stored(pair.hub).values()  # replaced, not added
    assert key != old_key and pdf == carried


def test_a_change_in_the_persons_print_size_renders_the_other_size(pair, renders):
    james = agreed_version(pair.hub, JAMES_NHS)
    standard = printout_store.printout_pdf(pair.hub, james)
    assert list(stored(pair.hub)) == [(james, False)]
    with pair.hub.transaction() as session:
        session.execute(update(Patient).where(Patient.nhs_number == JAMES_NHS).values(large_print=True))
    large = printout_store.printout_pdf(pair.hub, james)
    assert renders == ["James Okafor", "James Okafor"] and large != standard
    assert set(stored(pair.hub)) == {(james, False), (james, True)}


def test_a_draft_is_printed_but_not_kept(pair, renders):
    with pair.hub.reader() as session:
        jacks_draft = session.scalar(select(PlanVersion.uuid).join(Patient).where(
            Patient.nhs_number == JACK_NHS, PlanVersion.status == VersionStatus.DRAFT.value))
    pdf = printout_store.printout_pdf(pair.hub, jacks_draft)
    assert "DRAFT, not final yet" in " ".join(page_texts(pdf)) and renders == ["Jack Morrison"]
    assert pair.hub.count(StoredPrintout) == 0


def test_the_key_covers_the_data_and_the_files_the_renderer_reads(pair, data_dir):
    data = yellow_folder_data(pair.hub, agreed_version(pair.hub, LORNA_NHS))
    fingerprint = printout_store.inputs_fingerprint()
    key = printout_store.printout_key(data, fingerprint)
    assert printout_store.printout_key(yellow_folder_data(pair.hub, agreed_version(pair.hub, LORNA_NHS)),
                                       fingerprint) == key  # read again: the same inputs
    assert printout_store.printout_key(dataclasses.replace(data, large_print=False), fingerprint) != key
    assert printout_store.printout_key(dataclasses.replace(data, goals=data.goals[1:]), fingerprint) != key
    assert printout_store.renderer_version() in fingerprint
    assert printout_store.inputs_fingerprint() == fingerprint
    (data_dir / "resources" / "fonts").mkdir(parents=True)
    bundled_font = bundled_resources_dir() / "fonts" / "DejaVuSans.ttf"
    (data_dir / "resources" / "fonts" / "DejaVuSans.ttf").write_bytes(bundled_font.read_bytes() + b"\0")
    assert printout_store.inputs_fingerprint() != fingerprint


def test_a_failed_export_stores_no_printouts(pair, renders, monkeypatch):
    def broken_replace(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module.os, "replace", broken_replace)
    with pytest.raises(ExchangeError, match="did not finish"):
        export_bundle(pair.hub, pair.usb, scope="all")
    assert len(renders) >= 2  # they were made for the bundle...
    assert pair.hub.count(StoredPrintout) == 0 and pair.hub.count(SentRecord) == 0  # ...and nothing was kept
    monkeypatch.undo()
    result = export_bundle(pair.hub, pair.usb, scope="all")
    assert pair.hub.count(StoredPrintout) == result.printouts >= 2


def test_agreeing_keeps_the_printout_and_drops_the_superseded_one(pair, renders):
    from careplan_desktop.services.planning.agreement import agree_plan
    from careplan_desktop.services.planning.versions import start_draft

    lorna = agreed_version(pair.hub, LORNA_NHS)
    printout_store.printout_pdf(pair.hub, lorna)
    with pair.hub.reader() as session:
        lorna_uuid = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
    draft = start_draft(pair.hub, lorna_uuid)
    outcome = agree_plan(pair.hub, draft.version_uuid, agreed_by_person="Lorna Baxter",
                         agreed_by_clinician="Andrea Clarke", confirm_missing=True)
    assert outcome.agreed and outcome.superseded_uuid == lorna
    assert list(stored(pair.hub)) == [(draft.version_uuid, True)]  # the superseded one is gone
    renders.clear()
    result, entries = export_lorna(pair)
    assert renders == [] and entries[f"printouts/{draft.version_uuid}.pdf"] == stored(pair.hub)[(draft.version_uuid, True)][1]


def test_a_printout_that_cannot_be_made_never_stops_agreeing_and_names_no_one(pair, monkeypatch, caplog):
    from careplan_desktop.services.planning.agreement import agree_plan
    from careplan_desktop.services.planning.versions import start_draft

    def broken(data):
        raise ValueError(f"cannot lay out {data.full_name}")

    monkeypatch.setattr(printout_store, "render_pdf", broken)
    with pair.hub.reader() as session:
        jack = session.scalar(select(Patient.uuid).where(Patient.nhs_number == JACK_NHS))
    draft = start_draft(pair.hub, jack)
    outcome = agree_plan(pair.hub, draft.version_uuid, agreed_by_person="Jack Morrison",
                         agreed_by_clinician="Nora Hughes", confirm_missing=True)
    assert outcome.agreed and pair.hub.count(StoredPrintout) == 0
    result = export_bundle(pair.hub, pair.usb, scope="all")  # the records still travel, without PDFs
    assert result.records > 0 and result.printouts == 0 and pair.hub.count(StoredPrintout) == 0
    assert "ValueError" in caplog.text
    assert not any(secret.decode() in caplog.text for secret in SECRETS)


def test_printouts_stay_inside_the_vault(pair, renders, tmp_path):
    before = sorted(p for p in tmp_path.rglob("*") if p.is_file() and "-wal" not in p.name and "-shm" not in p.name)
    printout_store.printout_pdf(pair.hub, agreed_version(pair.hub, LORNA_NHS))
    after = sorted(p for p in tmp_path.rglob("*") if p.is_file() and "-wal" not in p.name and "-shm" not in p.name)
    assert after == before and renders == ["Lorna Baxter"]
    assert pair.hub.count(StoredPrintout) == 1
    pair.hub.lock()  # what is on disk is encrypted: no PDF, no name in the clear
    for path in pair.folder.glob("hub.vault*"):
        assert b"%PDF" not in path.read_bytes() and b"Lorna" not in path.read_bytes()
