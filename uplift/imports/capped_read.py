"""Reading an upload's table under a memory cap (issue 11): large workbooks are parsed in a child process.

`uploads.check_xlsx` refuses an .xlsx whose zip directory promises too much before anything parses it,
but a workbook within its bounds (up to 400 MB inflated, 100 times its packed size) can still need far
more memory than a web worker should spend on one request. So `read_upload`, which `jobs.job_create`
calls for the web, the API and the CLI, reads:

- a .csv of at most ``UPLIFT_PARSE_CSV_IN_CHILD_FROM`` bytes (default 5 MB, env
  ``UPLIFT_PARSE_CSV_IN_CHILD_FROM_MB``) in this process, and a larger one in the child below. Text does
  not inflate, but its parse does: measured (polars 2.1, Python 3.13), a 19 MB CSV of Thai rows (four
  cells of 10–40 characters) peaks ~175 MB above the process, and one of 5 million rows of
  one-character cells ~1.1 GB, because `core.read` holds every cell as a Python string before building
  the frame; under 5 MB that stays within a few tens of megabytes;
- an .xlsx (.xlsm) whose central directory says it inflates to at most ``UPLIFT_PARSE_IN_CHILD_FROM``
  bytes (default 20 MB, env ``UPLIFT_PARSE_IN_CHILD_FROM_MB``) in this process too, like a file that
  is not a zip at all (calamine fails on it at once, or reads an old .xls, as large as its file);
- any other .xlsx in a child process, ``sys.executable -m uplift.imports.core.read_child`` (a new
  interpreter without Django, not a fork of this one), whose data memory is capped at
  ``UPLIFT_PARSE_MEMORY_LIMIT`` bytes (default 1 GiB, env ``UPLIFT_PARSE_MEMORY_LIMIT_MB``) by
  RLIMIT_DATA (RLIMIT_AS cannot be used: see `core.read_child`) and whose run is cut at
  ``UPLIFT_PARSE_TIMEOUT`` seconds (default 120, env ``UPLIFT_PARSE_TIMEOUT_SECONDS``; a web request
  is ended sooner by the worker timeout, ``UPLIFT_WEB_TIMEOUT``, and the child dies with its worker).

The bytes go to the child on stdin; it writes the frame as Arrow IPC and its headers, sheet, header
row and encoding as JSON into a private temporary folder (mode 0700), which is removed whatever
happens, and this process rebuilds the `Table`. A child that finds the file unreadable returns its
`ReadError` message unchanged; a child that runs out of memory (a MemoryError, an abort when an
allocation fails, a kill) or out of time gives a `ReadError` saying so, in the officer's language,
and nothing of the upload is stored. Spawning the child costs about half a second (polars' import),
paid only by files past the threshold.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from uplift.imports.core.read import ReadError, Table, read_table
from uplift.security import uploads

log = logging.getLogger(__name__)

MB = 1024 * 1024
CHILD = "uplift.imports.core.read_child"
DEFAULT_IN_CHILD_FROM = 20 * MB
DEFAULT_CSV_IN_CHILD_FROM = 5 * MB
DEFAULT_MEMORY_LIMIT = 1024 * MB
DEFAULT_TIMEOUT = 120
CHILD_THREADS = "2"
STDERR_KEPT = 4000
PROJECT_DIR = Path(__file__).resolve().parents[2]


def read_upload(data: bytes, filename: str, kind: str) -> Table:
    """The table of an uploaded file, read here or, for a large CSV or an .xlsx that inflates past the threshold, in a child."""
    if not _needs_child(data, filename):
        return read_table(data, filename, kind)
    return read_in_child(data, filename, kind, limit=memory_limit(),
                         timeout=getattr(settings, "UPLIFT_PARSE_TIMEOUT", DEFAULT_TIMEOUT))


def memory_limit() -> int:
    return int(getattr(settings, "UPLIFT_PARSE_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT))


def _needs_child(data: bytes, filename: str) -> bool:
    if uploads.kind_of(filename) != "xlsx":
        return len(data) > int(getattr(settings, "UPLIFT_PARSE_CSV_IN_CHILD_FROM", DEFAULT_CSV_IN_CHILD_FROM))
    try:
        inflated = uploads.check_xlsx(data).uncompressed
    except ValidationError as refusal:  # past the upload bounds (only the CLI gets here with such a file)
        return refusal.error_dict["file"][0].code != "not_xlsx"
    return inflated > int(getattr(settings, "UPLIFT_PARSE_IN_CHILD_FROM", DEFAULT_IN_CHILD_FROM))


def read_in_child(data: bytes, filename: str, kind: str, *, limit: int, timeout: float) -> Table:
    """`read_table` in a child process under RLIMIT_DATA = `limit` bytes and a wall-clock `timeout` (seconds)."""
    suffix = Path(filename).suffix.lower()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH")])),
           "POLARS_MAX_THREADS": CHILD_THREADS, "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryDirectory(prefix="uplift-read-") as name:
        folder = Path(name)
        stderr_path = folder / "stderr.txt"
        try:
            with stderr_path.open("wb") as stderr:
                done = subprocess.run([sys.executable, "-m", CHILD, name, "upload" + suffix, kind, str(limit)],
                                      input=data, stdout=subprocess.DEVNULL, stderr=stderr, env=env,
                                      cwd=name, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            log.warning("reading %s in a child took more than %s s; stopped", filename, timeout)
            raise ReadError(_("The file took more than %(seconds)s seconds to read. Split it into smaller files, "
                              "or save it as CSV.") % {"seconds": timeout}) from None
        if (folder / "error.json").exists():
            raise ReadError(json.loads((folder / "error.json").read_text(encoding="utf-8"))["message"])
        if done.returncode == 0 and (folder / "table.json").exists() and (folder / "table.arrow").exists():
            meta = json.loads((folder / "table.json").read_text(encoding="utf-8"))
            frame = pl.read_ipc(io.BytesIO((folder / "table.arrow").read_bytes()))  # not mapped: the folder goes
            return Table(frame=frame, headers=meta["headers"], sheet=meta["sheet"], header_row=meta["header_row"],
                         encoding=meta["encoding"])
        tail = stderr_path.read_bytes()[-STDERR_KEPT:].decode("utf-8", "replace") if stderr_path.exists() else ""
        log.warning("reading %s in a child under %s bytes failed (exit %s): %s", filename, limit, done.returncode, tail)
        raise ReadError(_("Reading this file needs more memory than the server allows (%(limit)s). Split it into "
                          "smaller files, remove unused sheets and formatting, or save it as CSV.")
                        % {"limit": filesizeformat(limit)})
