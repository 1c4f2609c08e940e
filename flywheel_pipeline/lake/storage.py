"""The lake: one object-storage root, local (``file://``) or S3 (``s3://``).

Keys are ``/``-separated paths relative to the root, e.g.
``raw/events/dt=2024-01-05/part-….parquet``. Both back ends go through
pyarrow's filesystem layer, so every caller runs unchanged on either.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from urllib.parse import urlparse

from pyarrow import fs

from flywheel_pipeline.lake.decompress import DecompressingReader
from flywheel_pipeline.settings import Settings

COMPRESSION_SUFFIXES = {".gz": "gzip", ".bz2": "bz2", ".zst": "zstd", ".zstd": "zstd"}
"""Name suffixes of compressed text objects, and their pyarrow codec."""


@dataclass(frozen=True)
class LakeFile:
    """One object: its key (relative to the lake root), size in bytes, mtime (ns since
    epoch). ``regular`` is False for a symbolic link, or a file reached through one,
    in a local lake: such objects are never read (docs/quarantine.md)."""

    key: str
    size: int
    mtime_ns: int
    regular: bool = True


class Lake:
    """An object-storage root. Build with :meth:`from_settings` or :meth:`from_url`."""

    def __init__(self, filesystem: fs.FileSystem, root: str, url: str) -> None:
        self.fs = filesystem
        self.root = root.rstrip("/")
        self.url = url
        self.is_local = isinstance(filesystem, fs.LocalFileSystem)

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        endpoint: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        region: str = "us-east-1",
    ) -> Lake:
        """A lake at ``file:///abs/dir`` or ``s3://bucket/prefix``.

        Raises:
            ValueError: the URL scheme is neither ``file`` nor ``s3``.
        """
        parsed = urlparse(url)
        if parsed.scheme == "file":
            return cls(fs.LocalFileSystem(), parsed.path, url)
        if parsed.scheme == "s3":
            options: dict = {"region": region}
            if access_key:
                options.update(access_key=access_key, secret_key=secret_key)
            if endpoint:
                ep = urlparse(endpoint if "://" in endpoint else f"http://{endpoint}")
                options.update(endpoint_override=ep.netloc, scheme=ep.scheme or "http")
            root = f"{parsed.netloc}/{parsed.path.strip('/')}".rstrip("/")
            return cls(fs.S3FileSystem(**options), root, url)
        raise ValueError(f"lake URL must be file:// or s3://, got {url!r}")

    @classmethod
    def from_settings(cls, settings: Settings) -> Lake:
        return cls.from_url(
            settings.lake_url,
            endpoint=settings.s3_endpoint,
            access_key=settings.aws_access_key_id,
            secret_key=settings.aws_secret_access_key,
            region=settings.aws_region,
        )

    def path(self, key: str) -> str:
        """The filesystem path of ``key``."""
        return f"{self.root}/{key.lstrip('/')}"

    def key_of(self, path: str) -> str:
        return path[len(self.root) + 1 :]

    def list_files(self, prefix: str) -> list[LakeFile]:
        """Every object under ``prefix`` (recursive), sorted by key; [] when absent."""
        selector = fs.FileSelector(self.path(prefix), recursive=True, allow_not_found=True)
        files = [
            LakeFile(
                self.key_of(info.path),
                info.size or 0,
                info.mtime_ns or 0,
                self._is_regular(info.path),
            )
            for info in self.fs.get_file_info(selector)
            if info.type == fs.FileType.File
        ]
        return sorted(files, key=lambda f: f.key)

    def _is_regular(self, path: str) -> bool:
        """Local: a plain file whose real path is the path itself (no symlink on the
        way below the root). S3 has no links."""
        if not self.is_local:
            return True
        return not os.path.islink(path) and os.path.realpath(path) == os.path.join(
            os.path.realpath(self.root), os.path.relpath(path, self.root)
        )

    def exists(self, key: str) -> bool:
        return self.fs.get_file_info(self.path(key)).type == fs.FileType.File

    def read_bytes(self, key: str) -> bytes:
        """The object's bytes as stored (never decompressed)."""
        with self.fs.open_input_stream(self.path(key), compression=None) as stream:
            return stream.read()

    def open_input(self, key: str, *, compression: str | None = None):
        """A readable stream, decompressed with ``compression`` (gzip, bz2, zstd)
        when given; a truncated object gives its data up to the damage, then raises
        (:mod:`~flywheel_pipeline.lake.decompress`)."""
        stream = self.fs.open_input_stream(self.path(key), compression=None)
        return DecompressingReader(stream, compression) if compression else stream

    def open_file(self, key: str):
        """A random-access file (what parquet readers need)."""
        return self.fs.open_input_file(self.path(key))

    def open_output(self, key: str):
        """A writable stream that creates ``key``; S3 makes it visible only on close."""
        if self.is_local:
            self.fs.create_dir(self.path(key).rsplit("/", 1)[0], recursive=True)
        return self.fs.open_output_stream(self.path(key), compression=None)

    def write_bytes_atomic(self, key: str, data: bytes) -> None:
        """Write ``key`` so that readers see the old object or the new one, never a part.

        Local: a temporary file renamed over the key. S3: one PUT is atomic.
        """
        if not self.is_local:
            with self.fs.open_output_stream(self.path(key), compression=None) as out:
                out.write(data)
            return
        folder, _, name = key.rpartition("/")
        tmp = f"{folder}/.tmp-{uuid.uuid4().hex}-{name}"  # hidden: never read as landing data
        with self.open_output(tmp) as out:
            out.write(data)
        self.fs.move(self.path(tmp), self.path(key))

    def delete(self, key: str) -> None:
        self.fs.delete_file(self.path(key))
