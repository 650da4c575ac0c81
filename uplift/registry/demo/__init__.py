"""Deterministic national demo data: a pure generator (generate, sales) and a Django loader (load)."""
