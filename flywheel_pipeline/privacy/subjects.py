"""A data subject of an erasure request, and the forms its ids take in raw.

Raw holds a ``user_id`` or ``anonymous_id`` as sent, or its keyed hash when it
is an email (contract/pii.py), so a request for ``ann@x.com`` must look for
that hash. Nothing here stores an id in clear: :func:`subject_hash` is what
audit records and the suppression list keep.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from flywheel_pipeline.contract.pii import keyed_hash
from flywheel_pipeline.contract.pii_detect import is_email


@dataclass(frozen=True)
class Subject:
    """One person of one tenant, named by a ``user_id`` or an ``anonymous_id``
    as the app sends it (an email is fine: it is hashed as at ingest).

    Raises:
        ValueError: neither id, or an empty tenant.
    """

    tenant_id: str
    user_id: str | None = None
    anonymous_id: str | None = None

    def __post_init__(self) -> None:
        if not self.tenant_id:
            raise ValueError("an erasure request names its tenant")
        if not (self.user_id or self.anonymous_id):
            raise ValueError("an erasure request names a user_id or an anonymous_id")

    def raw_ids(self, pii_key: bytes) -> set[str]:
        """The subject's ids as raw stores them."""
        return {raw_id_form(v, pii_key) for v in (self.user_id, self.anonymous_id) if v}


def raw_id_form(value: str, pii_key: bytes) -> str:
    """An id as raw stores it: its keyed hash when it is an email, else itself."""
    return keyed_hash(value, pii_key) if is_email(value) else value


def subject_hash(tenant_id: str, raw_id: str, pii_key: bytes) -> str:
    """The keyed hash that stands for one id of one tenant in the suppression
    list and the audit (HMAC-SHA256, hex; not reversible without the key)."""
    message = f"flywheel-subject\x1f{tenant_id}\x1f{raw_id}".encode()
    return hmac.new(pii_key, message, hashlib.sha256).hexdigest()
