"""The practice's details: the first-run set-up dialog and the Settings screen."""
