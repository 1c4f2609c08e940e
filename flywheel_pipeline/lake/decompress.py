"""Streamed decompression with bounded memory that gives back every byte before a damage.

pyarrow's compressed streams fail a read as a whole when the data is
truncated; these readers return what decompressed cleanly first and raise
:class:`TruncatedStreamError` (or the codec's error) only after it, so a
damaged landing file keeps its complete lines. Concatenated members (``cat
a.gz b.gz``) are read as one stream, as the gzip, bzip2 and zstd tools do.

Memory is bounded whatever the compression ratio: each step decompresses at
most ``OUT_STEP`` bytes (a 1 MB gzip, bzip2 or zstd "bomb" inflating to
gigabytes is read a step at a time, never as one buffer), and a read fills the
caller's buffer without growing one of its own.
"""

from __future__ import annotations

import bz2
import zlib

import zstandard

from flywheel_pipeline.lake.wrapped_stream import WrappedStream
from flywheel_pipeline.lake.zstd_frames import ZstdFrameScanner

RAW_CHUNK = 1 << 20  # compressed bytes read at a time
OUT_STEP = 1 << 20  # at most this many decompressed bytes per step


class TruncatedStreamError(EOFError):
    """The compressed data ended before the end of its last member."""


class _MemberDecompressor:
    """gzip or bzip2 members one after another, ``OUT_STEP`` bytes at a time."""

    def __init__(self, raw, codec: str) -> None:
        self.raw, self.codec = raw, codec
        self.decompressor = self._new()
        self.carry = b""  # compressed bytes of a next member, read with the last one

    def _new(self):
        if self.codec == "gzip":
            return zlib.decompressobj(wbits=47)  # gzip or zlib header, detected
        return bz2.BZ2Decompressor()

    def _input(self) -> bytes:
        data, self.carry = self.carry or self.raw.read(RAW_CHUNK), b""
        return data

    def step(self) -> bytes | None:
        """The next decompressed bytes (maybe empty), or None at the clean end.

        Raises:
            TruncatedStreamError: the data ends before the end of a member (an
                empty file included).
        """
        d = self.decompressor
        if d.eof:
            self.carry = d.unused_data or self.raw.read(RAW_CHUNK)
            if not self.carry:
                return None
            self.decompressor = d = self._new()
        if self.codec == "gzip":
            data = d.unconsumed_tail or self._input()
        else:
            data = self._input() if d.needs_input else b""
        if not data and (self.codec == "gzip" or d.needs_input):
            out = d.decompress(b"", OUT_STEP) if self.codec == "gzip" else b""
            if out or d.eof:
                return out
            raise TruncatedStreamError(f"{self.codec} data ends inside a member")
        return d.decompress(data, OUT_STEP)


class _ZstdFrames:
    """zstd frames one after another, ``OUT_STEP`` bytes at a time; the frame
    structure is followed beside the decompressor, so that a stream cut inside
    a frame is an error (the decompressor itself would end quietly)."""

    def __init__(self, raw) -> None:
        self.scanner = ZstdFrameScanner(raw)
        self.reader = zstandard.ZstdDecompressor().stream_reader(
            self.scanner, read_size=RAW_CHUNK, read_across_frames=True
        )

    def step(self) -> bytes | None:
        out = self.reader.read(OUT_STEP)
        if out:
            return out
        if not self.scanner.at_frame_end or not self.scanner.frames:
            raise TruncatedStreamError("zstd data ends inside a frame")
        return None


class DecompressingReader(WrappedStream):
    """A readable binary file over ``raw`` (a binary stream) decompressed with
    ``codec`` (gzip, bz2, zstd), in bounded memory (module doc)."""

    def __init__(self, raw, codec: str) -> None:
        super().__init__(raw)
        if codec not in ("gzip", "bz2", "zstd"):
            raise ValueError(f"unknown codec {codec!r}")
        self.codec = codec
        self.source = _ZstdFrames(raw) if codec == "zstd" else _MemberDecompressor(raw, codec)
        self.pending = memoryview(b"")  # decompressed, not yet returned (< OUT_STEP)
        self.done = False
        self.error: Exception | None = None

    def readinto(self, buffer) -> int:
        """Fill ``buffer`` as far as the data goes; 0 at the end. Data decompressed
        before a damage is returned first; the next read raises the error."""
        with memoryview(buffer) as view, view.cast("B") as out:
            filled = 0
            while filled < len(out):
                if len(self.pending):
                    n = min(len(self.pending), len(out) - filled)
                    out[filled : filled + n] = self.pending[:n]
                    self.pending = self.pending[n:]
                    filled += n
                    continue
                if self.done or self.error is not None:
                    break
                try:
                    step = self.source.step()
                except (EOFError, OSError, zlib.error, zstandard.ZstdError) as exc:
                    self.error = exc
                    break
                if step is None:
                    self.done = True
                else:
                    self.pending = memoryview(step)
        if not filled and self.error is not None:
            raise self.error
        return filled

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all with -1); b"" at the end."""
        if size is None or size < 0:
            parts = []
            while chunk := self.read(OUT_STEP):
                parts.append(chunk)
            return b"".join(parts)
        buffer = bytearray(size)
        n = self.readinto(buffer)
        del buffer[n:]
        return bytes(buffer)
