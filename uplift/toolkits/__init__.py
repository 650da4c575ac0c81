"""The seven activity toolkits, one Django app each, all built alike.

Each app holds a pure ``core/`` (plain functions over dataclasses, numpy or polars, no Django
import), its reference data as versioned files under ``data/`` with their sources in
``data/SOURCES.md``, and, on top, models, actions (``actions.py``), selectors, views, API and
CLI that only parse, call the core or an action, and render.

The seven in the programme's order (activity 1 to 7). A toolkit that has ``urls.py`` is mounted at
``/toolkits/<name>/`` and one that has ``api.py`` (a ninja ``router``) at ``/api/toolkits/<name>``.
"""

TOOLKITS = ("global_trade", "digital", "successors", "identity", "standards", "lean", "sustainable")
