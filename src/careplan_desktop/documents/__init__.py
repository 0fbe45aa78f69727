"""Printed documents: plain frozen dataclasses in, PDF out (reportlab platypus). No Qt here.

- ``letter_data`` / ``results_letter``: the pre-consultation results letters, a batch in one PDF.
- ``plan_data`` / ``yellow_folder``: the patient-held care plan printout.
- ``samples``: synthetic demo data (Lorna) for previews, tests and benchmarks.

Every word a person reads comes from ``resources/wording/*.toml`` through
:mod:`careplan_desktop.domain.wording`; layout helpers live in ``styles``, ``flowables`` and
``page_numbers``.
"""
