"""Printed documents: plain frozen dataclasses in, PDF out (reportlab platypus). No Qt here.

- ``letter_data`` / ``results_letter``: the pre-consultation results letters, a batch in one PDF
  (``letter_parts``; ``result_table``: normal print's results table; ``sections``: where a page
  may break).
- ``easy_read_letter`` / ``easy_results`` / ``pictures``: easy read, with a picture beside each
  idea (``resources/pictograms/``), for the letters and the printout.
- ``plan_data`` / ``yellow_folder``: the patient-held care plan printout.
- ``samples``: synthetic demo data (Lorna) for previews, tests and benchmarks.

Every word a person reads comes from ``resources/wording/*.toml`` through
:mod:`careplan_desktop.domain.wording`; layout helpers live in ``styles``, ``flowables`` and
``page_numbers``.
"""
