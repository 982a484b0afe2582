"""A per-page time limit that costs two system calls: SIGALRM from an interval timer on the main thread.

Elsewhere (worker threads, platforms without setitimer) there is no limit rather than a slow watchdog.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class PageTimeout(BaseException):
    """The page took longer than its time limit.

    A BaseException, like KeyboardInterrupt: library code that catches Exception around a parse or a
    regex (htmldate, trafilatura) must not swallow it and carry on with the page.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    usable = (
        seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # someone else's timer is running: leave it alone
    )
    if not usable:
        yield
        return
    armed = [True]

    def on_alarm(_signum, _frame):
        if armed[0]:  # an alarm that lands after the page finished must not hit the next one
            raise PageTimeout(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
