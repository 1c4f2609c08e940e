"""NDJSON landing files cut into blocks of whole lines, unparsed, for the bulk path.

:func:`iter_line_blocks` reads a stream in large chunks and cuts them at line
ends; a :class:`LineBlock` holds the bytes of consecutive lines and where each
starts, so the lines become one Arrow column without a Python object per line
(:meth:`LineBlock.texts`). Memory holds one chunk, the lines that wait for a
block to fill and one incomplete line: a line longer than ``max_row_bytes`` is
not kept but skipped to its end and recorded as oversized (line number and
size), like the line-by-line reader did.
A UTF-8 BOM before the first line is dropped.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

READ_CHUNK = 64 << 20
FIRST_READ = 1 << 20
BOM = b"\xef\xbb\xbf"


@dataclass
class LineBlock:
    """Lines ``first_line`` .. ``first_line + len(self) - 1`` of one file (1-based).

    ``data[starts[i]:starts[i + 1]]`` is line ``first_line + i`` with its line
    end (the blocks of one chunk share its ``data``). ``oversized`` lists (line,
    size in bytes) of the lines longer than ``max_row_bytes`` that were skipped
    while reading: their place in ``data`` is an empty line.
    """

    first_line: int
    data: bytes | bytearray
    starts: np.ndarray
    oversized: list[tuple[int, int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.starts) - 1

    @property
    def last_line(self) -> int:
        return self.first_line + len(self) - 1

    def line(self, index: int) -> bytes:
        """Line ``first_line + index`` with its line end."""
        with memoryview(self.data) as view:
            return bytes(view[self.starts[index] : self.starts[index + 1]])

    def texts(self) -> pa.LargeBinaryArray:
        """The lines (with their line ends) as one Arrow column, without copying."""
        return pa.LargeBinaryArray.from_buffers(
            pa.large_binary(), len(self), [None, pa.py_buffer(self.starts), pa.py_buffer(self.data)]
        )

    def split(self, rows: int) -> Iterator[LineBlock]:
        """Blocks of at most ``rows`` lines, the same lines in order."""
        for begin in range(0, len(self), rows):
            end = min(begin + rows, len(self))
            first, last = self.first_line + begin, self.first_line + end - 1
            yield LineBlock(
                first,
                self.data,
                self.starts[begin : end + 1],
                [(line, size) for line, size in self.oversized if first <= line <= last],
            )


def _line_starts(data, end: int) -> np.ndarray:
    """Offsets where each line of ``data[:end]`` starts, plus ``end``; ``data[:end]``
    ends with a line end or is the last line of the file."""
    ends, find, at = [], data.find, data.find(b"\n", 0, end)
    while at >= 0:
        ends.append(at + 1)
        at = find(b"\n", at + 1, end)
    if not ends or ends[-1] != end:
        ends.append(end)
    return np.array([0, *ends], dtype=np.int64)


class _ChunkReader:
    """Reads a stream in chunks, each into a new buffer after the bytes kept from
    the one before (one copy of what is read), without a leading BOM. The first
    chunk is at most FIRST_READ bytes, so that a small file does not cost a
    buffer of a whole chunk (Python fills a new buffer with zeros)."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.started = False
        self.limit: int | None = FIRST_READ  # None: whole chunks
        self.readinto = getattr(stream, "readinto", None)
        if isinstance(stream, io.RawIOBase) and type(stream).readinto is io.RawIOBase.readinto:
            self.readinto = None  # a raw stream that only implements read()

    def _read_into(self, view: memoryview) -> int:
        if self.readinto is not None:
            return self.readinto(view) or 0
        data = self.stream.read(len(view))
        view[: len(data)] = data
        return len(data)

    def read_after(self, head, size: int) -> bytearray | None:
        """``head`` followed by up to ``size`` bytes of the stream; None at its end."""
        size = max(size if self.limit is None else min(size, self.limit), len(BOM))
        buffer = bytearray(len(head) + size)
        buffer[: len(head)] = head
        got = 0
        with memoryview(buffer) as view:
            # at the start, enough bytes to recognise a BOM
            while got < (len(BOM) if not self.started else 1):
                with view[len(head) + got :] as part:  # released even if the stream keeps it
                    n = self._read_into(part)
                if not n:
                    break
                got += n
        if not got:
            return None
        if got == size:  # a larger file: whole chunks from now on
            self.limit = None
        del buffer[len(head) + got :]
        if not self.started:
            self.started = True
            if buffer.startswith(BOM):
                del buffer[: len(BOM)]
        return buffer


def iter_line_blocks(
    stream, max_row_bytes: int, block_rows: int, chunk_bytes: int = READ_CHUNK
) -> Iterator[LineBlock]:
    """Blocks of ``block_rows`` whole lines of ``stream``, in order (the last one
    may be shorter; the lines of a chunk that do not fill a block wait for the
    next chunk's, so that no small block sits between full ones).

    A last line without a line end is yielded too. When the stream fails, the
    whole lines before the failure have been yielded and the error propagates.
    """
    reader = _ChunkReader(stream)
    head = b""  # bytes not yielded yet: whole lines, then the start of the next
    first_line = 1  # the number of head's first line
    oversized: list[tuple[int, int]] = []  # skipped lines among head's
    skipping: tuple[int, int] | None = None  # (line, bytes so far) of a line being skipped
    while True:
        try:
            buffer = reader.read_after(head, chunk_bytes)
        except Exception:
            end = bytes(head).rfind(b"\n") + 1
            if end:
                data = bytes(head[:end])
                yield from LineBlock(first_line, data, _line_starts(data, end), oversized).split(
                    block_rows
                )
            raise
        if buffer is None:  # the end of the stream
            break
        start = len(head)
        if skipping is not None:
            at = buffer.find(b"\n", start)
            if at < 0:
                skipping = (skipping[0], skipping[1] + len(buffer) - start)
                head = bytes(head)
                continue
            oversized.append((skipping[0], skipping[1] + at - start))
            del buffer[start:at]  # its place: an empty line
            skipping = None
        end = buffer.rfind(b"\n") + 1
        if len(buffer) - end > max_row_bytes:  # the incomplete last line is oversized
            skipping = (first_line + buffer.count(b"\n", 0, end), len(buffer) - end)
            del buffer[end:]
        if not end:
            head = buffer
            continue
        blocks = list(
            LineBlock(first_line, buffer, _line_starts(buffer, end), oversized).split(block_rows)
        )
        rest = blocks.pop() if len(blocks[-1]) < block_rows else None
        yield from blocks
        at = int(rest.starts[0]) if rest else end
        head = memoryview(buffer)[at:]
        first_line = rest.first_line if rest else blocks[-1].last_line + 1
        oversized = rest.oversized if rest else []
    if skipping is not None:
        oversized.append(skipping)
        head = bytes(head) + b"\n"
    if len(head):
        data = bytes(head)
        yield from LineBlock(first_line, data, _line_starts(data, len(data)), oversized).split(
            block_rows
        )
