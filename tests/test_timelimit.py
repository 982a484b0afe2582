"""cleaners/html/timelimit.py: the limit raises in its page, never after it, and leaves others' handlers as found."""
from __future__ import annotations

import signal
import time

import pytest

from cleaners.html.timelimit import PageTimeout, time_limit


def test_a_page_over_its_limit_raises_and_the_next_runs():
    with pytest.raises(PageTimeout):
        with time_limit(0.02):
            while True:
                pass
    with time_limit(0.02):
        pass
    time.sleep(0.05)  # no alarm is left for after the page
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_someone_elses_handler_is_put_back():
    def theirs(_signum, _frame):
        pass

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        with time_limit(1):
            pass
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_a_limit_inside_a_limit_leaves_the_outer_one_running():
    with time_limit(5):
        with time_limit(1):
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 1
