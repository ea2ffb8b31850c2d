"""Checking: every fact grounded in its article's words; the summary's claims against the table."""
