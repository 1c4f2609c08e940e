"""``config/pii.yml``: the personal data hashed, dropped or masked before raw
(architecture.md "Non-negotiables"; docs/pii.md restates the rules)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictStr, field_validator

from flywheel_pipeline.config.files import StrictModel

Detector = Literal["email", "phone", "card", "ip"]
PATH_PATTERN = r"^(\*\*|\*|[^.*]+)(\.(\*\*|\*|[^.*]+))*$"


class PiiPolicy(StrictModel):
    """Dotted path patterns to replace by a keyed hash (``hash``) or remove
    (``drop``), and the kinds of personal data masked in every other string
    value (``mask``).

    A path is matched case-insensitively against the event (``user_id``,
    ``traits.email``, ``context.device.ip``); a ``*`` segment matches one key,
    ``**`` any number of keys (``properties.**.email`` is an email at any depth
    of properties). ``phone_region`` is the ISO 3166 region of numbers written
    without a country code.
    """

    hash: tuple[StrictStr, ...] = ()
    drop: tuple[StrictStr, ...] = ()
    mask: tuple[Detector, ...] = ()
    phone_region: StrictStr = Field(default="US", pattern=r"^[A-Z]{2}$")

    @field_validator("hash", "drop")
    @classmethod
    def _paths(cls, paths: tuple[str, ...]) -> tuple[str, ...]:
        import re

        for path in paths:
            if not re.match(PATH_PATTERN, path):
                raise ValueError(
                    f"{path!r} is not a dotted path (keys separated by '.', '*' for one key, "
                    "'**' for any number of keys)"
                )
        return paths
