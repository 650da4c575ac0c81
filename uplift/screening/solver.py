"""Run the exact solve in a child process that is killed when it overruns its hard limit.

HiGHS already stops at its own time limit; the child process is the second wall: if it has
not answered ``grace`` seconds after the limit (a hang in model building, a runaway
allocation), it is killed and the run reports ``killed``. The worker and the web server never
wait on the solver's own goodwill. A killed or failed child has no selection to report; the
caller keeps the greedy one (``execution``). Within the limit, ``solve_assignment`` always
answers with its best selection and proven gap.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time

from uplift.screening.core import AssignmentProblem, AssignmentResult, solve_assignment
from uplift.screening.core.problem import summarise

GRACE_SECONDS = 10.0
MIP_REL_GAP = 1e-4
PR_SET_PDEATHSIG = 1


def _die_with(parent_pid: int) -> None:
    """Linux: the kernel kills this child when the worker that started it dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:
        os._exit(1)


def _child(connection, problem: AssignmentProblem, time_limit: float, mip_rel_gap: float, parent_pid: int) -> None:
    _die_with(parent_pid)
    try:
        connection.send(("ok", solve_assignment(problem, time_limit=time_limit, threads=1, mip_rel_gap=mip_rel_gap)))
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        connection.send(("error", repr(error)))
    finally:
        connection.close()


def solve_killable(problem: AssignmentProblem, *, time_limit: float, in_subprocess: bool = True,
                   grace: float = GRACE_SECONDS, mip_rel_gap: float = MIP_REL_GAP) -> AssignmentResult:
    """``mip_rel_gap``: stop once the incumbent is within this share of the MIP bound
    (1e-4 = 0.01%, well inside the issue's 0.1%); the run reports the gap reached."""
    if not in_subprocess:
        # HiGHS fixes its thread pool once per process: leave `threads` alone here.
        return solve_assignment(problem, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    started = time.perf_counter()
    process = context.Process(target=_child, args=(child, problem, time_limit, mip_rel_gap, os.getpid()),
                               daemon=True)
    process.start()
    child.close()
    try:
        if parent.poll(time_limit + grace):
            kind, payload = parent.recv()
            process.join(grace)
            if kind == "ok":
                return payload
            return _failed(problem, "error", started, payload)
        return _failed(problem, "killed", started, f"no answer {time_limit + grace:.0f} s after the start; killed")
    except EOFError:
        return _failed(problem, "error", started, f"solver process died (exit code {process.exitcode})")
    finally:
        if process.is_alive():
            process.kill()
            process.join()
        parent.close()


def _failed(problem, status: str, started: float, note: str) -> AssignmentResult:
    import numpy as np

    none = np.zeros(0, dtype=np.int64)
    return summarise(problem, none, none, method="milp", status=status, objective=None, dual_bound=None,
                     lp_bound=None, gap=None, solve_seconds=time.perf_counter() - started, notes=(note,))
