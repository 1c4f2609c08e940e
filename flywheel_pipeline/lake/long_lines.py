"""A text stream with every line longer than a limit replaced, as it streams.

CSV parsers keep a whole row in memory however long it is; landing files are
untrusted, and a small compressed file can inflate to gigabytes without a line
break. :class:`LongLineFilter` sits between the (decompressed) stream and the
parser: it holds at most ``limit`` bytes of an incomplete line, skips the rest
of a line once it passes the limit, and puts :data:`MARKER` (one line) in its
place, recording the skipped line's size, so the parser sees one short bad row
there and the reader can report it as oversized (docs/quarantine.md).
"""

from __future__ import annotations

from flywheel_pipeline.lake.wrapped_stream import WrappedStream

READ_CHUNK = 1 << 20
MARKER = b"\x01flywheel-oversized-line\x01"


class LongLineFilter(WrappedStream):
    """``raw`` (a binary stream) with each line longer than ``limit`` bytes (line
    end excluded) replaced by :data:`MARKER`; :attr:`sizes` lists the sizes in
    bytes of the replaced lines, in order."""

    def __init__(self, raw, limit: int) -> None:
        super().__init__(raw)
        self.limit = limit
        self.hold = bytearray()  # the start of an incomplete line (at most limit bytes)
        self.skipping: int | None = None  # bytes so far of a line being skipped
        self.out = bytearray()  # filtered bytes not yet returned
        self.sizes: list[int] = []
        self.ended = False

    def _replace(self, size: int) -> None:
        self.sizes.append(size)
        self.out += MARKER + b"\n"

    def _take(self, data: bytes) -> None:
        at = 0
        if self.skipping is not None:
            nl = data.find(b"\n")
            if nl < 0:
                self.skipping += len(data)
                return
            self._replace(self.skipping + nl)
            self.skipping, at = None, nl + 1
        while at < len(data):
            # the line at `at` (its start possibly held) fits if a line end
            # follows within limit bytes of where it began
            room = self.limit - len(self.hold)
            nl = data.find(b"\n", at, at + room + 1)
            if nl >= 0:  # the held start and this line fit: pass whole lines up to the
                # last line end that leaves no over-long line behind it
                self.out += self.hold
                self.hold = bytearray()
                end = nl + 1
                while end < len(data):
                    last = data.rfind(b"\n", end, end + self.limit + 1)
                    if last < 0:
                        break
                    end = last + 1
                self.out += data[at:end]
                at = end
                continue
            end = data.find(b"\n", at)
            if end >= 0:  # an over-long line that ends in this chunk
                self._replace(len(self.hold) + end - at)
                self.hold = bytearray()
                at = end + 1
                continue
            if len(data) - at <= room:  # an incomplete line, still within the limit
                self.hold += data[at:]
            else:  # over the limit: skip to its end
                self.skipping = len(self.hold) + len(data) - at
                self.hold = bytearray()
            return

    def readinto(self, buffer) -> int:
        while not self.out and not self.ended:
            data = self.raw.read(READ_CHUNK)
            if not data:
                self.ended = True
                if self.skipping is not None:
                    self._replace(self.skipping)
                    self.skipping = None
                self.out += self.hold
                self.hold = bytearray()
                break
            self._take(data)
        n = min(len(buffer), len(self.out))
        buffer[:n] = self.out[:n]
        del self.out[:n]
        return n
