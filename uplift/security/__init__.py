"""Security helpers every app may use; they import no app (so any app can import them without a cycle).

keys (secret key, allowed hosts), passwords (the Thai common-password validator), auth (login throttling and
its audit), sessions (idle and absolute limits), cells (formula-safe export cells), uploads (size and
zip-bomb bounds), masks (personal data masked for the roles that do not need it), openapi (error
responses documented, integers bounded). docs/security.md describes the whole.
"""
