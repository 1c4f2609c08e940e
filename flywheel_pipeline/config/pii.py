"""``config/pii.yml``: the personal data hashed or dropped before raw
(architecture.md "Non-negotiables")."""

from __future__ import annotations

from pydantic import StrictStr

from flywheel_pipeline.config.files import StrictModel


class PiiPolicy(StrictModel):
    """Dotted field paths (``traits.email``, ``context.ip``, ``user_id``) to replace
    by a keyed hash, or to remove."""

    hash: tuple[StrictStr, ...] = ()
    drop: tuple[StrictStr, ...] = ()
