"""NDJSON landing files cut into blocks of whole lines, unparsed, for the bulk path.

:func:`iter_line_blocks` reads a stream in large chunks and cuts them at line
ends; a :class:`LineBlock` holds the bytes of consecutive lines and where each
starts, so the lines become one Arrow column without a Python object per line
(:meth:`LineBlock.texts`). Memory holds one chunk plus one incomplete line: a
line longer than ``max_row_bytes`` is not kept but skipped to its end and
recorded as oversized (line number and size), like the line-by-line reader did.
A UTF-8 BOM before the first line is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

READ_CHUNK = 64 << 20
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
    data: bytes
    starts: np.ndarray
    oversized: list[tuple[int, int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.starts) - 1

    @property
    def last_line(self) -> int:
        return self.first_line + len(self) - 1

    def line(self, index: int) -> bytes:
        """Line ``first_line + index`` with its line end."""
        return self.data[self.starts[index] : self.starts[index + 1]]

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


def _line_starts(data: bytes, end: int) -> np.ndarray:
    """Offsets where each line of ``data[:end]`` starts, plus ``end``; ``data[:end]``
    ends with a line end or is the last line of the file."""
    ends, find, at = [], data.find, data.find(b"\n", 0, end)
    while at >= 0:
        ends.append(at + 1)
        at = find(b"\n", at + 1, end)
    if not ends or ends[-1] != end:
        ends.append(end)
    return np.array([0, *ends], dtype=np.int64)


def _chunks(stream, size: int) -> Iterator[bytes]:
    """The stream's bytes in chunks of about ``size``, without a leading BOM."""
    head = b""
    while len(head) < len(BOM):
        more = stream.read(size)
        if not more:
            break
        head += more
    if head := head.removeprefix(BOM):
        yield head
    while chunk := stream.read(size):
        yield chunk


def iter_line_blocks(
    stream, max_row_bytes: int, block_rows: int, chunk_bytes: int = READ_CHUNK
) -> Iterator[LineBlock]:
    """Blocks of at most ``block_rows`` whole lines of ``stream``, in order.

    A last line without a line end is yielded too. When the stream fails, the
    whole lines before the failure have been yielded and the error propagates.
    """
    carry = b""  # the incomplete line at the end of what was read
    skipping: int | None = None  # bytes of an oversized line being skipped
    oversized: list[tuple[int, int]] = []
    placeholders = bytearray()  # an empty line per skipped oversized line
    next_line = 1
    for chunk in _chunks(stream, chunk_bytes):
        if skipping is not None:
            end = chunk.find(b"\n")
            if end < 0:
                skipping += len(chunk)
                continue
            oversized.append((next_line + placeholders.count(b"\n"), skipping + end))
            placeholders += b"\n"
            skipping, chunk = None, chunk[end + 1 :]
        cut = chunk.rfind(b"\n")
        if cut < 0:
            carry += chunk
            if len(carry) > max_row_bytes:
                skipping, carry = len(carry), b""
            continue
        # the lines end at `end`; the bytes after it are the next chunk's carry
        data = bytes(placeholders) + carry + chunk if placeholders or carry else chunk
        end = len(data) - (len(chunk) - cut - 1)
        carry, placeholders = chunk[cut + 1 :], bytearray()
        if len(carry) > max_row_bytes:
            skipping, carry = len(carry), b""
        block = LineBlock(next_line, data, _line_starts(data, end), oversized)
        oversized = []
        next_line = block.last_line + 1
        yield from block.split(block_rows)
    if skipping is not None:
        oversized.append((next_line + placeholders.count(b"\n"), skipping))
        placeholders += b"\n"
    data = bytes(placeholders) + carry
    if data:
        block = LineBlock(next_line, data, _line_starts(data, len(data)), oversized)
        yield from block.split(block_rows)
