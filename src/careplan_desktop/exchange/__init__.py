"""Sync by file (issue 8): encrypted plan bundles carried on a USB stick or dropped in a shared
folder, FHIR R4 documents inside, and an import that never silently overwrites.

Core only: no Qt here. The GUI calls the functions re-exported below (see each module).

How it fits together
--------------------
* keys.py       the practice exchange key (a key file, or a shared passphrase + scrypt) kept
                inside the vault; this device's name and identity.
* container.py  one bundle file = header || AES-256-GCM(zip). The header (magic, format
                version, key id, nonce) is the associated data. Limits and entry-name checks.
* records.py    the native, full-fidelity form of every travelling record and its schema.
* fhir.py       one FHIR R4 `document` Bundle per agreed plan version (fhir_resources.py).
* export.py     what goes (changed since the last export there, chosen people, or all),
                written atomically and read back before the outbox moves on.
* outbox.py     destinations (folders), what is pending for each, reachability checks.
* inbox.py      open and check a bundle completely before anything changes.
* inbox_folders.py  folders this computer watches: each waiting bundle from another computer
                imported in its own transaction; refused files set aside until they change.
* apply.py      apply a checked bundle in one transaction, with audit events; its steps:
                import_state.py (the vault's copy of what the bundle names), decisions.py
                (one record's decision from the clocks), write_rows.py, deletions.py, trail.py.
* conflicts.py  the conflicts inbox and `resolve_conflict`.
* signing.py    each computer's Ed25519 signing key; every bundle signed, checked against the
                computers confirmed here (issue 14); confirm a new computer, remove a lost one.
* people_links.py  one person however many computers registered them: the same NHS number under
                two record ids is linked as one person (the smaller uuid kept; links travel).
* parallel.py   two agreed versions of one plan side by side; merging them into a new draft.

Identity, history and conflicts
-------------------------------
Every travelling record has a uuid, a `revision` counter bumped on each change and the device
that made the last change (ARCHITECTURE rule 7). A device only ever moves a record forward
(a local edit gives revision + 1; an import adopts only a descendant; resolving a conflict
gives max(both) + 1), so (revision, device) names one version of a record.

Each record also has a *history clock*: for every device, the highest revision that device
wrote in the record's ancestry. The clock is the stored `exchange_clock` row (kept only once
a record has a history from more than one device) joined with the record's own (revision,
device). Every record in a bundle carries its clock. On import, for one record:

* same (revision, device)                          -> nothing to do
* local version inside the incoming clock          -> incoming is newer: apply it
* incoming version inside the local clock          -> incoming is older (late bundle): skip
* neither                                          -> changed on both sides since they last
  agreed: if the two contents are equal, both sides keep the same winner (higher revision,
  then device uuid) with the joined clock; otherwise the local record stays, the incoming
  version is stored in an `exchange_conflict` row and the record is flagged. Never an
  overwrite. A later bundle that already includes both (someone resolved it) closes it.

Because each decision depends only on the versions and their clocks, bundles applied in any
order reach the same records and the same open conflicts; re-importing an applied bundle is
refused early by `exchange_applied_bundle` and changes nothing.

Agreed plan versions never conflict: they are fixed (only agreed -> superseded), and two
agreed versions grown from the same parent are both kept and flagged (kind "parallel"). The
nurse keeps one (the other is superseded) or merges them into a new draft that grows from the
one she picks (which stays agreed until the draft is agreed with the person).
Deletions travel as tombstones (with the clock the record had), and a record changed on one
side and deleted on the other is a conflict too. When a vault file is copied to another
computer, `name_this_device(..., new_identity=True)` gives the copy its own device uuid and
records the history clock of every record first, so nothing it later changes looks unrelated.
"""

from .errors import BundleRefused, ExchangeError

__all__ = ["BundleRefused", "ExchangeError"]
