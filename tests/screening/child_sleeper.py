"""Run by tests/screening/test_solver_child.py: starts a solver-like child (the solver's own guard) that sleeps,
prints its pid, then waits to be killed."""

import multiprocessing
import os
import sys
import time

from uplift.screening.solver import _die_with


def sleep_guarded(parent_pid: int) -> None:
    _die_with(parent_pid)
    time.sleep(120)


if __name__ == "__main__":
    child = multiprocessing.get_context("spawn").Process(target=sleep_guarded, args=(os.getpid(),), daemon=True)
    child.start()
    print(child.pid, flush=True)
    sys.stdin.readline()
