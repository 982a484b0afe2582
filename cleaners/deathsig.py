"""Linux: a process goes when the process that started it goes, so a clean run killed with SIGKILL leaves no
fork server and no workers behind. Imported only by the fork server (its preload list, cleaners/cli.py), which
then dies with the CLI; the workers it forks call `die_with_parent` as their initializer and die with it."""
from __future__ import annotations

import signal

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: nothing to do
        pass


die_with_parent()  # the fork server itself
