"""The cache's files: records framed by their length and checksum, and the last run's units
file, whose units are handed out once and copied back as they lie (:class:`Stored`)."""

from __future__ import annotations

import errno
import marshal
import os
import struct
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

#: Each record's length and a CRC-32 of its bytes: marshal reads many damaged byte strings
#: as other plain values, so a record whose bytes changed is refused before it is read.
_HEAD = struct.Struct("<QI")
#: The largest record written or read: a damaged length is refused before it is allocated.
MAX_RECORD = 64 << 20
#: Where a record lies in its file: its offset and its size packed in one int.
_SIZE_BITS = 32
_SIZE_MASK = (1 << _SIZE_BITS) - 1


def _place(at: int) -> tuple[int, int]:
    """The offset and size packed in ``at``."""
    return at >> _SIZE_BITS, at & _SIZE_MASK


#: At most this many bytes of stored units are copied in one read.
_COPY = 1 << 20


def frame(record: Any) -> bytes:
    """One record as a cache file holds it: its length and checksum, then its ``marshal``
    bytes."""
    head, blob = frame_parts(record)
    return head + blob


def frame_parts(record: Any) -> tuple[bytes, bytes]:
    """:func:`frame` in two parts, its head and its bytes: a large record is written
    without the copy joining them would make."""
    blob = marshal.dumps(record)
    if len(blob) > MAX_RECORD:
        raise ValueError("a record too large to cache")
    return _HEAD.pack(len(blob), zlib.crc32(blob)), blob


def load(fh: BinaryIO) -> Any:
    """The next record of a cache file (EOFError at its end, ValueError when damaged)."""
    size = fh.read(_HEAD.size)
    if len(size) < _HEAD.size:
        raise EOFError("the cache file ends early")
    length, crc = _HEAD.unpack(size)
    if length > MAX_RECORD:
        raise ValueError("a record's length is damaged")
    blob = fh.read(length)
    if len(blob) < length:
        raise EOFError("the cache file ends early")
    return _checked(blob, crc)


def load_at(fh: BinaryIO, at: int) -> Any:
    """The record of a cache file that lies at ``at`` (offset and size, packed)."""
    offset, size = _place(at)
    data = os.pread(fh.fileno(), size, offset)
    if len(data) != size or size < _HEAD.size:
        raise EOFError("the cache file ends early")
    length, crc = _HEAD.unpack_from(data)
    blob = data[_HEAD.size :]
    if length != len(blob):
        raise ValueError("a record's length is damaged")
    return _checked(blob, crc)


def _checked(blob: bytes, crc: int) -> Any:
    """The record ``blob`` holds, if its bytes match their checksum (else ValueError)."""
    if zlib.crc32(blob) != crc:
        raise ValueError("a record's bytes are damaged")
    # From bytes, not from the file: marshal.load(file) makes a method call per value read,
    # ten times slower. The user's own folder, outside every dataset (see cache.py);
    # marshal builds plain values only, never objects of arbitrary classes.
    return marshal.loads(blob)  # noqa: S302


class Stored:
    """The units the last run left (each a ``marshal`` blob, by key), read from their file,
    which stays open: each blob is handed out once (:meth:`take`) and let go, and the units
    a run keeps are copied back from the file as they lie in it (:meth:`framed`). Decoded
    units take more room than their blobs, so the two are never all held at once."""

    def __init__(self) -> None:
        self._fh: BinaryIO | None = None
        #: Where each unit lies in the file, by key.
        self.where: dict[bytes, int] = {}
        self._blobs: dict[bytes, bytes] = {}

    def read(self, fh: BinaryIO) -> list[tuple[bytes, bytes]]:
        """Read the units from ``fh`` (open after its header, and kept open); returns the
        possible duplicates stored before them. Raises ValueError, EOFError or TypeError
        when the file is damaged (and then holds nothing)."""
        try:
            pairs = load(fh)
            if not isinstance(pairs, list):
                raise TypeError("not a list of pairs")
            at = fh.tell()
            while (record := load(fh)) is not None:
                unit_key, blob = record
                end = fh.tell()
                self.where[unit_key] = at << _SIZE_BITS | (end - at)
                self._blobs[unit_key] = blob
                at = end
        except BaseException:
            fh.close()
            self.where, self._blobs = {}, {}
            raise
        self._fh = fh
        return pairs

    def take(self, key: bytes) -> bytes:
        """The blob stored for ``key``, let go as it is handed out; asked again (a damaged
        file's units, one at a time), it is read again from the file."""
        blob = self._blobs.pop(key, None)
        if blob is not None:
            return blob
        got = load_at(self._fh, self.where[key]) if self._fh is not None else None
        if not (isinstance(got, tuple) and len(got) == 2 and got[0] == key):
            raise ValueError("the unit is not where the cache file had it")
        return got[1]  # type: ignore[no-any-return]

    def framed(self, units: Iterable[tuple[bytes, bytes | None]]) -> Iterator[bytes]:
        """Each of ``units`` (key and blob; a blob of None: the one stored under that key)
        as a cache file holds it; stored ones lying next to each other in the file are
        copied in one read (after one change, two or three reads in all)."""
        start = end = 0
        for unit_key, blob in units:
            if blob is None:
                offset, size = _place(self.where[unit_key])
                if offset == end and end - start < _COPY:
                    end += size
                    continue
                if end > start:
                    yield self._copy(start, end)
                start, end = offset, offset + size
                continue
            if end > start:
                yield self._copy(start, end)
                start = end = 0
            yield frame((unit_key, blob))
        if end > start:
            yield self._copy(start, end)

    def _copy(self, start: int, end: int) -> bytes:
        if self._fh is None:
            raise OSError(errno.EBADF, "the last cache file is closed")
        data = os.pread(self._fh.fileno(), end - start, start)
        if len(data) != end - start:
            raise OSError(errno.EIO, "the last cache file was cut short")
        return data

    def close(self) -> None:
        """Let go of the file and of the blobs not taken."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        self._blobs = {}
