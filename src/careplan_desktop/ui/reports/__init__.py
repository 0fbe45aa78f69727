"""The Reports area: the figures a practice reports, and the people behind each number."""
