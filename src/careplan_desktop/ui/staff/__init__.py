"""Staff: who signs in, with which role (administrators); Change my passphrase (anyone)."""
