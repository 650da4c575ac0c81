"""The import engine's pure core: reading sheets, suggesting a mapping, normalising and checking rows.

Nothing here imports Django; the Django side (`uplift.imports.plan`) adds what needs the
database (identifiers already registered, the officer's scope) and writes.
"""
