"""The person's record: add and edit a person on the register (issue 3).

`dialog.PersonDialog` is the form; `host.PersonForms` opens it for a screen. Nothing is
imported here: the form's module (and the mapped classes it needs) loads when a form first
opens, not at start-up.
"""
