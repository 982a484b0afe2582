"""Linux: a worker goes when the process that started it goes, so a clean run killed with SIGKILL leaves no
worker behind (cleaners/workers.py). Elsewhere this is a no-op and a worker ends when its input pipe closes."""
from __future__ import annotations

import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> bool:
    """Have the kernel SIGKILL this process when its parent dies; False if the parent (pid `parent`) is gone.

    The death signal only covers a parent that is alive when it is armed: a parent that died between our
    start and this call (the window in which the multiprocessing fork server and its workers used to leak) is
    caught by reading getppid() after arming, so no death can fall between the two.
    """
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
    except (OSError, AttributeError):  # not Linux: the closed pipe is the only signal
        pass
    return os.getppid() == parent
