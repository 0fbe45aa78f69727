"""Tests that act as a named member of staff on an open vault (the demo's team, or one a test
added), as signing in as them in the app would."""

from sqlalchemy import select

from careplan_desktop.models import User


def sign_in_as(vault, name: str):
    """Act as `name` from now on (their role decides what the services allow); the vault back."""
    with vault.reader() as session:
        uuid = session.scalar(select(User.uuid).where(User.name == name))
    assert uuid is not None, f"no member of staff called {name}"
    vault.sign_in(uuid)
    return vault
