"""Reconciliation: facts aligned across outlets into clusters (agreed, conflict, single source)."""
