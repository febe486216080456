"""What each data file's bytes hash to, known from its status (device, inode, size, times,
mode) without reading it again, as git's index knows it.

A stamp is the status a file had just before its bytes were hashed, with that hash. A later
run trusts the hash only when the file's status is the same to the nanosecond and its
status last changed well before the run that hashed it started: a file changed again
within the clock's step of being hashed could keep its status, and such a file is hashed
again every run until it is older than :data:`MARGIN_NS`. The change time cannot be set by
hand (unlike the modification time), so an edit that keeps a file's size and modification
time still shows. A file that is not a regular file is never stamped.
"""

from __future__ import annotations

import os
import stat
import struct
import time
from collections.abc import Callable

#: How long before a run started a file's status must have last changed for its stamp to
#: be trusted by the next runs: more than the coarsest clock step of common file systems.
MARGIN_NS = 3_000_000_000

# device, inode, size, modification and change times (ns), mode
_STATUS = struct.Struct("<QQQqqQ")


class Stamps:
    """The stamps a run starts from and those it leaves for the next run."""

    def __init__(self, started: int, known: dict[str, bytes]) -> None:
        #: When the run that made ``known`` started (ns since the epoch).
        self.started = started
        self.known = known
        #: When this run started: the files' stamps are judged against it next run.
        self.now = time.time_ns()
        self.next: dict[str, bytes] = {}
        #: Files whose bytes were hashed this run.
        self.hashed = 0

    def digest(self, path: str, rel: str, read: Callable[[str], bytes]) -> bytes:
        """``read(path)`` (a hash of what a run would read there), or the same from the
        file's stamp when it can be trusted."""
        try:
            st = os.lstat(path)
            status = _STATUS.pack(
                st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode
            )
        except (OSError, struct.error):
            status = None
        else:
            if not stat.S_ISREG(st.st_mode):
                status = None
        if status is not None:
            stamp = self.known.get(rel)
            if (
                type(stamp) is bytes  # else missing, or a damaged cache file's
                and stamp.startswith(status)
                and st.st_ctime_ns < self.started - MARGIN_NS
            ):
                self.next[rel] = stamp
                return stamp[_STATUS.size :]
        self.hashed += 1
        digest = read(path)
        if status is not None:
            self.next[rel] = status + digest
        return digest

    @property
    def changed(self) -> bool:
        """Whether the stamps to leave differ from those the run started from."""
        return bool(self.hashed) or len(self.next) != len(self.known)
