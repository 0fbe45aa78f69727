"""The Reviews area: reviews due and overdue, and reviewing a person's agreed plan with them."""

from .screen import ReviewsScreen

__all__ = ["ReviewsScreen"]
