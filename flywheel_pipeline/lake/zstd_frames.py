"""A pass-through reader that follows the frame structure of a zstd stream
(RFC 8878, section 3.1) without decompressing it, so that a stream cut inside
a frame can be told from one that ends between frames. python-zstandard's
bounded ``stream_reader`` ends quietly on a truncated frame; this tells."""

from __future__ import annotations

ZSTD_MAGIC = 0xFD2FB528
SKIPPABLE_MASK, SKIPPABLE_MAGIC = 0xFFFFFFF0, 0x184D2A50
_FCS_SIZES = (0, 2, 4, 8)
_DICT_SIZES = (0, 1, 2, 4)


class ZstdFrameScanner:
    """Reads ``raw`` and tracks where its zstd frames end (:attr:`at_frame_end`).

    A malformed structure (an unknown magic number, a reserved block type) is
    left to the decompressor to report; the scanner then stops following.
    """

    def __init__(self, raw) -> None:
        self.raw = raw
        self.state = "magic"  # what the next bytes are
        self.need = 4  # bytes of the header being collected
        self.head = bytearray()
        self.skip = 0  # bytes of content to pass over
        self.last_block = False
        self.checksum = False
        self.lost = False  # the structure was not understood
        self.frames = 0  # frames started

    @property
    def at_frame_end(self) -> bool:
        return self.lost or (self.state == "magic" and not self.head and not self.skip)

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        if data and not self.lost:
            self._follow(memoryview(data))
        return data

    def _follow(self, data: memoryview) -> None:
        at = 0
        while at < len(data) and not self.lost:
            if self.skip:
                n = min(self.skip, len(data) - at)
                self.skip -= n
                at += n
                if not self.skip:
                    self._after_content()
                continue
            n = min(self.need - len(self.head), len(data) - at)
            self.head += data[at : at + n]
            at += n
            if len(self.head) == self.need:
                head, self.head = bytes(self.head), bytearray()
                self._header(head)

    def _header(self, head: bytes) -> None:
        if self.state == "magic":
            magic = int.from_bytes(head, "little")
            self.frames += 1
            if magic == ZSTD_MAGIC:
                self.state, self.need = "descriptor", 1
            elif magic & SKIPPABLE_MASK == SKIPPABLE_MAGIC:
                self.state, self.need = "skippable", 4
            else:
                self.lost = True
        elif self.state == "skippable":
            self.state, self.need = "magic", 4
            self.skip = int.from_bytes(head, "little")
        elif self.state == "descriptor":
            fd = head[0]
            single = bool(fd & 0x20)
            self.checksum = bool(fd & 0x04)
            fcs = _FCS_SIZES[fd >> 6] or (1 if single else 0)
            rest = (0 if single else 1) + _DICT_SIZES[fd & 0x03] + fcs
            self.state, self.need = "frame_header", rest
            if rest == 0:
                self.state, self.need = "block", 3
        elif self.state == "frame_header":
            self.state, self.need = "block", 3
        elif self.state == "block":
            value = int.from_bytes(head, "little")
            self.last_block = bool(value & 1)
            kind, size = (value >> 1) & 3, value >> 3
            if kind == 3:
                self.lost = True
                return
            self.skip = 1 if kind == 1 else size
            if not self.skip:
                self._after_content()
        elif self.state == "checksum":
            self.state, self.need = "magic", 4

    def _after_content(self) -> None:
        if self.state == "skippable" or self.state == "magic":
            self.state, self.need = "magic", 4
        elif self.last_block:
            self.state, self.need = ("checksum", 4) if self.checksum else ("magic", 4)
        else:
            self.state, self.need = "block", 3
