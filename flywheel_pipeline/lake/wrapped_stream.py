"""The base of Flywheel's readers that transform another binary stream."""

from __future__ import annotations

import io


class WrappedStream(io.RawIOBase):
    """A readable raw stream over ``raw`` that closes ``raw`` with itself;
    subclasses implement ``readinto``."""

    def __init__(self, raw) -> None:
        super().__init__()
        self.raw = raw

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
        super().close()
