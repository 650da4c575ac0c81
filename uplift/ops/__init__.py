"""Running as a service: health and readiness, request ids and structured logs, Prometheus metrics,
worker heartbeats and recovery of jobs whose worker died, backups, and a local multi-process stack."""
