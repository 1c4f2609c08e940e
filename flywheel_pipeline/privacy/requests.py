"""Erasure requests waiting for the Dagster ``erasure`` job, one JSON object
per request under ``privacy/requests/`` in the lake (they hold ids: never put
them in run config, which Dagster keeps). The job deletes a request once
its subject is erased."""

from __future__ import annotations

import json
import uuid

from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.privacy.subjects import Subject

REQUESTS_PREFIX = "privacy/requests"


def submit_request(lake: Lake, subject: Subject) -> str:
    """Queue ``subject``; the request's key."""
    key = f"{REQUESTS_PREFIX}/{uuid.uuid4().hex}.json"
    data = {
        "tenant_id": subject.tenant_id,
        "user_id": subject.user_id,
        "anonymous_id": subject.anonymous_id,
    }
    lake.write_bytes_atomic(key, json.dumps(data).encode())
    return key


def pending_requests(lake: Lake) -> list[tuple[str, Subject]]:
    """(key, subject) of every queued request, oldest key order."""
    return [
        (obj.key, Subject(**json.loads(lake.read_bytes(obj.key))))
        for obj in lake.list_files(REQUESTS_PREFIX)
        if obj.key.endswith(".json")
    ]


def remove_request(lake: Lake, key: str) -> None:
    lake.delete(key)
