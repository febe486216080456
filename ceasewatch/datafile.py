"""One data file's bytes, read safely (no link followed, nothing but a regular file,
nothing over the size limit) and decoded as strict UTF-8; and the error that names what is
wrong with a file and where."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .files import read_fd
from .positions import Mark

MAX_BYTES = 256 * 1024

_START = Mark(1, 1)


class YamlError(Exception):
    """A file that cannot be read as a ceasewatch data file, with where and why."""

    def __init__(
        self, code: str, message: str, mark: Mark = _START, index: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.mark = mark
        #: The offset (in characters) the parser gave, to place the mark by line feeds only.
        self.index = index


def decode(raw: bytes) -> str:
    """Decode file bytes as strict UTF-8 (one optional BOM), or raise :class:`YamlError`."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            "file-encoding",
            "the file is not valid UTF-8 text; re-save it as UTF-8",
            Mark(line, column),
        ) from None
    if "\x00" in text:
        before = text[: text.index("\x00")]
        raise YamlError(
            "file-encoding",
            "the file contains a NUL byte; re-save it as UTF-8 text",
            Mark(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1),
        )
    return text


def read_bytes(path: Path | str) -> bytes:
    """The bytes of one data file, refusing links, special files and oversized files."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise YamlError("file-unreadable", f"cannot read the file: {exc.strerror}") from None
    if stat.S_ISLNK(st.st_mode):
        raise YamlError(
            "file-symlink",
            "the file is a symbolic link; data files must be regular files in the repository",
        )
    if not stat.S_ISREG(st.st_mode):
        raise YamlError("file-unreadable", "not a regular file")
    if st.st_size > MAX_BYTES:
        raise YamlError(
            "yaml-too-large",
            f"the file is {st.st_size} bytes, over the limit of {MAX_BYTES}; split it up",
        )
    try:
        # O_NOFOLLOW closes the gap between lstat and open where a link could be swapped in.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            raw = read_fd(fd, st.st_size, MAX_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise YamlError("file-unreadable", f"cannot read the file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise YamlError(
            "yaml-too-large", f"the file is over the limit of {MAX_BYTES} bytes; split it up"
        )
    return raw
