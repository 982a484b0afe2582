"""A per-page time limit that costs two system calls: SIGALRM from an interval timer on the main thread.

Elsewhere (worker threads, platforms without setitimer) there is no limit rather than a slow watchdog.
"""
from __future__ import annotations

import _signal
import signal
import threading
from contextlib import nullcontext


class PageTimeout(BaseException):
    """The page took longer than its time limit.

    A BaseException, like KeyboardInterrupt: library code that catches Exception around a parse or a
    regex (htmldate, trafilatura) must not swallow it and carry on with the page.
    """


_armed: list[float | None] = [None]  # the limit of the page whose timer runs; None between pages


def _on_alarm(_signum, _frame):
    seconds = _armed[0]
    if seconds is not None:  # an alarm that lands after the page finished must not hit the next one
        raise PageTimeout(f"over {seconds} s")


class _PageTimer:
    """Arms the timer on entry and disarms it on exit. Our handler stays installed between pages (it ignores an
    alarm while nothing is armed): installing and restoring it around every page was most of the cost of the
    limit. A handler someone else installed is put back after the page, as it was found."""

    def __init__(self, seconds: float):
        self.seconds, self.previous = seconds, None

    def __enter__(self):
        # _signal's getsignal: signal.getsignal turns a handler into an enum member, or tries to and fails for a
        # function, which cost more than the rest of the limit
        if _signal.getsignal(signal.SIGALRM) is not _on_alarm:
            current = signal.signal(signal.SIGALRM, _on_alarm)
            if current not in (signal.SIG_DFL, None):  # (None: installed outside Python)
                self.previous = current
        _armed[0] = self.seconds
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *_exc):
        _armed[0] = None
        signal.setitimer(signal.ITIMER_REAL, 0)
        if self.previous is not None:
            signal.signal(signal.SIGALRM, self.previous)
        return False


def time_limit(seconds: float | None):
    """A context manager that raises PageTimeout in its body after `seconds`; none when it cannot."""
    usable = (
        seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # someone else's timer is running: leave it alone
    )
    return _PageTimer(seconds) if usable else nullcontext()
