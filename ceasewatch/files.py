"""Reading and writing files safely: read in as few calls as a file needs, written whole or
not at all, and never over a file by accident."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, text: str | bytes | Iterable[bytes], *, replace: bool) -> None:
    """Write ``text`` (UTF-8 text, bytes as they are, or chunks of bytes one after the
    other) to ``path`` through a temporary file in the same folder.

    With ``replace`` an existing file is swapped for the new one in one rename; without it,
    an existing file raises :class:`FileExistsError` and is left untouched (``os.link`` fails
    atomically if the name was taken meanwhile).
    """
    folder = path.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(text, bytes):
            text = [text]
        if not isinstance(text, str):
            with os.fdopen(fd, "wb") as raw:
                for chunk in text:
                    raw.write(chunk)
                raw.flush()
                os.fsync(raw.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def read_fd(fd: int, size: int, limit: int) -> bytes:
    """What ``fd`` holds, up to ``limit`` bytes, when its status said ``size``: one read of
    that and a byte more (to see that it grew), then on only if it grew or the read came up
    short of ``size``. A buffered file object asked for the whole limit costs four times as
    much."""
    want = min(size + 1, limit)
    chunks = [os.read(fd, want)]
    total = len(chunks[0])
    if total < want and total == size:
        return chunks[0]  # all its status said, and no more: the end (no read to see it)
    while chunks[-1] and total < limit:
        chunks.append(os.read(fd, limit - total))
        total += len(chunks[-1])
    return b"".join(chunks) if len(chunks) > 1 else chunks[0]
