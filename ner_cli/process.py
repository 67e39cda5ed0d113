"""The process's edges: signals, closed standard streams, and worker processes.

- SIGTERM and SIGHUP (what ``timeout``, ``kill`` and a closed terminal send) end a run
  as Ctrl-C does: the exception unwinds, so a half-written output file is removed and
  the previous one kept; the exit status is 128 + the signal's number.
- A standard stream closed by the caller (``>&-``, ``2>&-``) is not an error until
  something must be written there: stdout raises ``OSError`` on first write (one line
  and exit 1, never an AttributeError), stderr writes go nowhere. Either way its file
  descriptor is held by ``/dev/null`` so no file the run opens can take its place.
- Workers ignore Ctrl-C (the parent handles it and stops them: no tracebacks), die
  on SIGTERM silently, and, on Linux, are sent SIGTERM if the parent dies.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys

__all__ = [
    "ClosedStream",
    "Terminated",
    "ensure_standard_streams",
    "signals_held",
    "prepare_worker",
    "stop_on_signals",
    "stop_workers",
]

_STOP_SIGNALS = ("SIGTERM", "SIGHUP")


class Terminated(KeyboardInterrupt):
    """The run was asked to stop by a signal; unwinds like Ctrl-C."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


def _raise_terminated(signum, frame) -> None:
    raise Terminated(signum)


def stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP unwind the run like Ctrl-C (in the main thread)."""
    for name in _STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _raise_terminated)


class ClosedStream(io.TextIOBase):
    """Stands in for a standard stream the caller closed: writing to it fails, as
    writing to the closed descriptor would, with a message that says so."""

    def __init__(self, name: str):
        self.name = name

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "closed before the run began")

    def flush(self) -> None:
        pass


def _hold_descriptor(fd: int) -> None:
    """Put /dev/null on a closed descriptor, so no file opened later takes its number."""
    try:
        os.fstat(fd)
    except OSError:
        held = os.open(os.devnull, os.O_RDWR)
        if held != fd:
            os.dup2(held, fd)
            os.close(held)


def ensure_standard_streams() -> None:
    """Replace standard streams the caller closed (``sys.stdout is None``)."""
    for fd in (0, 1, 2):
        _hold_descriptor(fd)
    if sys.stdout is None:
        sys.stdout = ClosedStream("standard output")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the process's lifetime


def _held_signals() -> set[int]:
    return {signal.SIGINT} | {
        getattr(signal, name) for name in _STOP_SIGNALS if hasattr(signal, name)
    }


@contextlib.contextmanager
def signals_held():
    """Hold Ctrl-C and the stop signals while worker processes are forked: a worker is
    born with them blocked, so one that arrives while it still sets itself up (the
    tagger comes to it pickled) waits for ``prepare_worker`` instead of interrupting it
    with a traceback. The parent gets what arrived as soon as the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _held_signals())
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def prepare_worker() -> None:
    """Signals in a worker process: the parent decides when the run stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in _STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # born held (see signals_held): let them in
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _held_signals())
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
        except (OSError, AttributeError):  # no prctl: the parent's stop_workers remains
            pass


def stop_workers(pool) -> None:
    """Terminate a process pool's workers now, rather than wait for their tasks.

    Two of the pool's threads could otherwise wait for ever once the workers are gone,
    and ``shutdown`` (or the interpreter's exit) with them: the task queue's feeder,
    blocked writing to a pipe nobody reads (it is told not to be waited for), and the
    manager thread, which may be half-way through reading a result a worker was killed
    while writing. Once the workers have ended, the pool's own end of the result pipe is
    closed: no writer is left, so that read ends (end of file) and the pool shuts down
    as broken instead of waiting for bytes that will never come.
    """
    queue = getattr(pool, "_call_queue", None)
    if queue is not None:
        queue.cancel_join_thread()
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    results = getattr(pool, "_result_queue", None)
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()
