"""CarePlan Desktop: personalised care and support planning, offline first."""

__version__ = "0.1.0"
APP_NAME = "CarePlan Desktop"
