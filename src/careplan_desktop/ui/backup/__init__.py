"""Backups in the GUI: the panel in Settings (Back up now, Restore from backup) and the daily backup."""
