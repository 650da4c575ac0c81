"""The child side of a capped read (`uplift.imports.capped_read`): one table read in its own process.

    python -m uplift.imports.core.read_child FOLDER FILENAME KIND LIMIT_BYTES  < upload bytes

Before anything else it caps its own data memory (RLIMIT_DATA, soft and hard, at LIMIT_BYTES) and asks
the kernel to kill it if its parent dies (a web worker stopped mid-request leaves no parser running);
only then does it import polars and fastexcel and read the bytes from stdin with `read.read_table`. It
writes into FOLDER, a private temporary folder the parent made and removes:

- ``table.arrow`` (the frame, Arrow IPC) and ``table.json`` (headers, sheet, header row, encoding), or
- ``error.json`` (``{"message": …}``) when the file is unreadable (a `ReadError`), exit status 0;
- nothing, exit status 3, when a Python `MemoryError` stops the read. Past the cap the Rust side
  (calamine, polars) cannot allocate and aborts the process (SIGABRT); the parent reads any exit
  without one of the two results as "out of memory".

RLIMIT_DATA, not RLIMIT_AS: measured with polars 2.1 and fastexcel 0.21, the address-space limit counts
polars' 170 MB library mapping and jemalloc's reservations, so under RLIMIT_AS polars does not even
import below ~600 MB (import errors, "background thread creation failed"), while RLIMIT_DATA counts
the heap and private anonymous mappings, what parsing allocates: a small sheet reads under 110 MB.
Each polars thread still costs ~8 MB of it, so the parent pins POLARS_MAX_THREADS (calamine reads
on one thread anyway).

No Django here: the package is a pure core (`.importlinter`), and the child starts in a fraction of
the time a Django process would.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
from pathlib import Path

EXIT_MEMORY = 3
EXIT_USAGE = 64


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG (Linux): SIGKILL when the parent ends. Elsewhere the parent's timeout still applies."""
    try:
        import ctypes
        import os

        parent = os.getppid()
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent ended before the call: nobody waits for the table
            raise SystemExit(1)
    except (OSError, AttributeError):
        pass


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return EXIT_USAGE
    folder, filename, kind, limit = Path(argv[0]), argv[1], argv[2], int(argv[3])
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    _die_with_parent()
    try:
        from uplift.imports.core.read import ReadError, read_table

        data = sys.stdin.buffer.read()
        try:
            table = read_table(data, filename, kind)
        except ReadError as error:
            if isinstance(error.__cause__, MemoryError):  # fastexcel's failure wrapped as unreadable
                return EXIT_MEMORY
            (folder / "error.json").write_text(json.dumps({"message": str(error)}), encoding="utf-8")
            return 0
        del data
        table.frame.write_ipc(folder / "table.arrow")
        meta = {"headers": table.headers, "sheet": table.sheet, "header_row": table.header_row,
                "encoding": table.encoding}
        (folder / "table.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    except MemoryError:
        return EXIT_MEMORY
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
