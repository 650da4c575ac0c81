"""Screening and assignment.

Writes, one action each (``<entity>_<verb>(*, actor, ...)``, checked by ``uplift.access.policy``
and audited): ``rounds`` (round_create, round_weights_update), ``rules`` (rule_create,
rule_delete; also the rule whitelist and its evaluation), ``scenarios`` (scenario_create,
scenario_update), ``runs`` (run_start), ``approval`` (scenario_approve, then the
``signals.selection_approved`` signal on commit) and ``needs`` (needs_record).
Reads: ``selectors``. The solve: ``execution.run_execute``, the body of ``tasks.run_scenario``
(runs → tasks → execution, no cycle). Sentences for people: ``wording``.
"""
