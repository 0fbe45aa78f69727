"""The Audit view: who looked at and changed a person's record, or what a member of staff did."""
