"""Streamed decompression that gives back every byte before a damage.

pyarrow's compressed streams fail a read as a whole when the data is
truncated; these readers return what decompressed cleanly first and raise
:class:`TruncatedStreamError` (or the codec's error) only after it, so a
damaged landing file keeps its complete lines. Concatenated members (``cat
a.gz b.gz``) are read as one stream, as the gzip, bzip2 and zstd tools do.
"""

from __future__ import annotations

import bz2
import io
import zlib

import zstandard

RAW_CHUNK = 1 << 20


class TruncatedStreamError(EOFError):
    """The compressed data ended before the end of its last member."""


def _decompressor(codec: str):
    if codec == "gzip":
        return zlib.decompressobj(wbits=47)  # gzip or zlib header, detected
    if codec == "bz2":
        return bz2.BZ2Decompressor()
    if codec == "zstd":
        return zstandard.ZstdDecompressor().decompressobj()
    raise ValueError(f"unknown codec {codec!r}")


class DecompressingReader(io.RawIOBase):
    """A readable binary file over ``raw`` (a binary stream) decompressed with
    ``codec`` (gzip, bz2, zstd)."""

    def __init__(self, raw, codec: str) -> None:
        super().__init__()
        self.raw, self.codec = raw, codec
        self.decompressor = _decompressor(codec)
        self.pending = b""
        self.done = False
        self.error: Exception | None = None

    def _fill(self) -> bytes:
        chunk = self.raw.read(RAW_CHUNK)
        if not chunk:
            if not self._at_member_end():
                raise TruncatedStreamError(f"{self.codec} data ends inside a member")
            self.done = True
            return b""
        out = self.decompressor.decompress(chunk)
        while self._at_member_end() and self._unused():
            rest = self._unused()
            self.decompressor = _decompressor(self.codec)
            out += self.decompressor.decompress(rest)
        return out

    def _at_member_end(self) -> bool:
        return bool(getattr(self.decompressor, "eof", False))

    def _unused(self) -> bytes:
        return getattr(self.decompressor, "unused_data", b"")

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all with -1); b"" at the end. Data decompressed
        before a damage is returned first; the next read raises the error."""
        if self.error is not None and not self.pending:
            raise self.error
        while not self.done and self.error is None and (size < 0 or len(self.pending) < size):
            try:
                self.pending += self._fill()
            except (EOFError, OSError, zlib.error, zstandard.ZstdError) as exc:
                self.error = exc
        if self.error is not None and not self.pending:
            raise self.error
        if size < 0:
            out, self.pending = self.pending, b""
        else:
            out, self.pending = self.pending[:size], self.pending[size:]
        return out

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
        super().close()
