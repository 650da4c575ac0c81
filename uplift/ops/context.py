"""What the current log line belongs to: the request id (set by the middleware) or the job id (set by the worker)."""

import contextvars

request_id = contextvars.ContextVar("request_id", default="")
task_id = contextvars.ContextVar("task_id", default="")
