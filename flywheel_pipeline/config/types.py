"""Value types shared by the configuration models, validated where they are read."""

from __future__ import annotations

import re
import zoneinfo
from typing import Annotated

from pydantic import AfterValidator, Field, StrictInt, StrictStr

PositiveInt = Annotated[StrictInt, Field(gt=0)]

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_PROPERTY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
_NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,128}$")


def _identifier(value: str) -> str:
    if not _IDENTIFIER.match(value):
        raise ValueError("is not a snake_case identifier: use a-z, 0-9 and _ (it names columns)")
    return value


def _name(value: str) -> str:
    if not _NAME.match(value) or value != value.strip():
        raise ValueError(
            "must be 1 to 128 characters without control characters or surrounding spaces"
            " (quotes are fine: it reaches SQL as a literal quoted by the adapter)"
        )
    return value


def _property(value: str) -> str:
    if not _PROPERTY.match(value):
        raise ValueError(
            "is not a property name: use letters, digits and _ (it becomes a JSON path in SQL)"
        )
    return value


def _time_zone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError("is not an IANA time zone name: use e.g. UTC or Europe/Paris") from None
    return value


Identifier = Annotated[StrictStr, AfterValidator(_identifier)]
"""A snake_case name that becomes part of a column name (funnels, segments)."""

Name = Annotated[StrictStr, AfterValidator(_name)]
"""An event or step name or a property value: any text (quotes included) that
reaches SQL only as a literal quoted by the adapter (macro sql_literal)."""

PropertyName = Annotated[StrictStr, AfterValidator(_property)]
"""A top-level event property, read from the properties JSON by path."""

TimeZone = Annotated[StrictStr, AfterValidator(_time_zone)]
"""An IANA time zone name."""
