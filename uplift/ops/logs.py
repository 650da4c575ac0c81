"""Structured logs: one JSON object per line, with the request id or job id of the line's context.

Used by settings.LOGGING when `UPLIFT_LOG_FORMAT=json` (the production stack's default).
"""

import datetime as dt
import json
import logging

from uplift.ops import context

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", "") or context.request_id.get()
        record.task_id = getattr(record, "task_id", "") or context.task_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and value not in ("", None) and not key.startswith("_"):
                entry[key] = value if isinstance(value, (str, int, float, bool, list, dict)) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class QuietProbes(logging.Filter):
    """Drops Django's error line for a 503 from /readyz: a not-ready server is expected while it starts."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        return not (record.name == "django.request" and getattr(request, "path", "") in ("/readyz", "/healthz"))
