"""The DuckDB query of the bulk path: NDJSON lines to raw events, column-wise.

:meth:`BulkQuery.sql` is one query over a registered Arrow table ``block``
(``idx`` BIGINT, ``text`` VARCHAR: one NDJSON line each, ``blank`` and ``odd``
from :func:`~flywheel_pipeline.contract.line_tests.line_flags`), with the tracking
plan as parameters (``plan_events``, ``plan_required``). It returns one
row per line, in ``idx`` order (DuckDB keeps the insertion order), with
``blank``, ``slow`` (the row needs the exact line-by-line path) and, for the
other rows, the raw-event columns with PII hashed and dropped (docs/pii.md;
the free-text masking follows, column-wise, in Python).

The query only *accepts*. A row is accepted when it is plainly valid; every row
that is not, or that the query cannot judge exactly like
:class:`~flywheel_pipeline.contract.validation.ContractValidator` (odd numbers,
escaped surrogates, a string with spaces at either end, timestamps in another
ISO-8601 form, PII keys in another case, inside lists or behind wildcards, ...),
is ``slow`` and gets its outcome and reason from the line-by-line path. Values
from configuration reach the query as parameters, never as SQL text.
"""

from __future__ import annotations

from flywheel_pipeline.contract.bulk_pii import PiiSql, plan_patterns
from flywheel_pipeline.contract.pii import NESTED_FIELDS, PathPattern
from flywheel_pipeline.contract.pii_detect import CANDIDATES_RE2, EMAIL
from flywheel_pipeline.contract.schema import EVENT_TYPES

# contract field: its names on the wire (Segment camelCase, snake_case)
STRING_FIELDS = {
    "message_id": ("messageId", "message_id"),
    "type": ("type",),
    "event": ("event",),
    "name": ("name",),
    "user_id": ("userId", "user_id"),
    "anonymous_id": ("anonymousId", "anonymous_id"),
    "timestamp": ("timestamp",),
    "sent_at": ("sentAt", "sent_at"),
    "received_at": ("receivedAt", "received_at"),
    "tenant_id": ("tenantId", "tenant_id"),
}
TIME_FIELDS = ("timestamp", "sent_at", "received_at")
# the objects whose keys the contract reads: a key twice in one is refused
DUPLICATE_LEVELS = "['$', " + ", ".join(f"'$.{name}'" for name in NESTED_FIELDS) + "]"
WIRE_NAMES = [wire for names in STRING_FIELDS.values() for wire in names]
STRUCTURE = (
    "{"
    + ",".join(
        [f'"{wire}":"VARCHAR"' for wire in WIRE_NAMES]
        + [f'"{name}":"JSON"' for name in NESTED_FIELDS]
    )
    + "}"
)
# A string contract field (an id, the type, the event name) that the
# line-by-line path reads differently: spaces at either end (Python strips them,
# Unicode ones included), or not a JSON string (true, an object, a float:
# Python's str() of it is not its JSON text).
SPACE = (
    r"[\s\x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{3000}]"
)
SPACE_ENDS = f"^{SPACE}|{SPACE}$"
STRIPPED_FIELDS = ("message_id", "type", "event", "name", "user_id", "anonymous_id", "tenant_id")
# tested at once on the fields joined by \x01 (with one before and after)
ODD_STRING = (
    rf"\x01(?:{SPACE}|[{{\[]|(?:true|false|-0|-?[0-9]+(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?"
    rf"|[eE][+-]?[0-9]+))\x01)|{SPACE}\x01"
)
# the ISO-8601 forms that datetime.fromisoformat and DuckDB read alike
ISO_FORM = (
    r"\d{4}-\d{2}-\d{2}[T ](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?"
)
ISO = f"^{ISO_FORM}$"
# Segment's own form (milliseconds, Z), read without a regular expression: the
# shape by LIKE, the digits by strptime (which reads the same instant as Python)
SEGMENT_TIME_SHAPE = "____-__-__T__:__:__.___Z"
SEGMENT_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%gZ"


class BulkQuery(PiiSql):
    """The query text and its parameters for one PII policy (see module doc).

    Raises nothing; a policy the query cannot apply makes ``all_slow`` true."""

    def __init__(self, drop: list[PathPattern], hash_: list[PathPattern]) -> None:
        plans = plan_patterns(drop, hash_)
        super().__init__(plans or {})
        self.all_slow = plans is None
        self.params |= {
            "odd_string": ODD_STRING,
            "space_ends": SPACE_ENDS,
            "iso": ISO,
            "pii_candidates": CANDIDATES_RE2,
            "email": EMAIL.pattern,
        }

    def sql(self) -> str:
        """The query (module doc). Bind :attr:`params` plus ``max_brackets``
        (max_nesting_depth), ``ipad``, ``opad`` (HMAC pads) and
        ``day_start``, ``day_end``,
        ``earliest``, ``tolerance``, ``min_time``, ``max_time`` (microseconds)."""
        wire = ",\n".join(
            f"coalesce({', '.join(f'r.{w}' for w in wires)})::varchar as j_{name}"
            + (
                f",\n(r.{wires[0]} is not null and r.{wires[1]} is not null) as both_{name}"
                if len(wires) > 1
                else f",\nfalse as both_{name}"
            )
            for name, wires in STRING_FIELDS.items()
        )
        strings = ",\n".join(f"nullif(j_{name}, '') as s_{name}" for name in STRING_FIELDS)
        joined = ", ".join(f"j_{name}" for name in STRIPPED_FIELDS)
        strings += (
            f",\nregexp_matches(concat_ws(chr(1), '', {joined}, ''), $odd_string)"
            f" or {' or '.join(f'both_{name}' for name in STRING_FIELDS)} as bad_strings"
        )
        strings += ",\n" + ",\n".join(self._found(name) for name in NESTED_FIELDS)

        times = ",\n".join(
            f"case when s_{name} like '{SEGMENT_TIME_SHAPE}' and ord(s_{name}) between 48 and 57\n"
            f"    then epoch_us(try_strptime(s_{name}, '{SEGMENT_TIME_FORMAT}'))\n"
            f"  when regexp_matches(s_{name}, $iso) "
            f"then epoch_us(try_cast(s_{name} as timestamptz)) end as us_{name}"
            for name in TIME_FIELDS
        )
        nested = ",\n".join(
            f"coalesce(r.{name}::varchar, '{{}}') as n_{name}" for name in NESTED_FIELDS
        )
        extracts = ",\n".join(self._extract(name) for name in NESTED_FIELDS)
        nested_slow = "\n        or ".join(self._slow(name) for name in NESTED_FIELDS)
        anywhere = ",\n".join(filter(None, (self._anywhere(name) for name in NESTED_FIELDS)))
        unquoted = ",\n".join(filter(None, (self._unquoted(name) for name in NESTED_FIELDS)))
        pairs = ",\n".join(self._pairs(name) for name in NESTED_FIELDS)
        replaced = ",\n".join(self._replaced(name) for name in NESTED_FIELDS)
        exact = ",\n".join(self._exact(name) for name in NESTED_FIELDS)
        ids = ",\n".join(
            f"case when {self._is_email(f's_{name}')} "
            f"then {self._hmac(f's_{name}', email=True)} "
            f"else s_{name} end as {name}"
            for name in ("user_id", "anonymous_id")
        )
        scrubbed = ",\n".join(f"{self._scrubbed(name)} as {name}" for name in NESTED_FIELDS)
        timed = ",\n".join(
            [
                times,
                "coalesce(s_event, s_name) as event_name",
                "list_position($plan_events, coalesce(s_event, s_name)) as plan_event",
                extracts,
            ]
        )
        types = ", ".join(f"'{t}'" for t in sorted(EVENT_TYPES))
        return f"""
with lines as (
    select idx, text, blank,
        -- more opening brackets than max_nesting_depth: a bound of the depth
        odd or strlen(text) - strlen(replace(replace(text, '{{', ''), '[', '')) > $max_brackets
            as odd
    from block
), parsed as (
    select idx, blank,
        case when not odd then try(json_transform(text, '{STRUCTURE}')) end as r,
        -- a key twice where the contract reads: the first wins here, the last in
        -- Python; the line-by-line path refuses the row (duplicate_key)
        case when not odd then coalesce(try(list_bool_or(
            [len(k) != list_unique(k) for k in json_keys(text, {DUPLICATE_LEVELS})]
        )), false) end as dup_keys
    from lines
), wire as (
    select idx, blank, r is null or dup_keys as unparsed,
{_indent(wire, 8)},
{_indent(nested, 8)}
    from parsed
), {_stage("typed", strings, "wire")}
), {_stage("timed", timed, "typed")}
), {_stage("anywhere", anywhere, "timed")}
), {_stage("unquoted", unquoted, "anywhere")}
), {_stage("paired", pairs, "unquoted")}
), {_stage("replaced", replaced, "paired")}
), {_stage("exacted", exact, "replaced")}
), judged as (
    select exacted.*, coalesce(
        unparsed
        or bad_strings
        or s_message_id is null
        or s_type is null or s_type not in ({types})
        or (s_user_id is null and s_anonymous_id is null)
        or us_timestamp is null
        or (s_sent_at is not null and us_sent_at is null)
        or (s_received_at is not null and us_received_at is null)
        or least(us_timestamp, us_sent_at, us_received_at) < $min_time
        or greatest(us_timestamp, us_sent_at, us_received_at) > $max_time
        or coalesce(us_received_at < $day_start or us_received_at >= $day_end, false)
        or (case when us_sent_at is not null and us_received_at is not null
                 then us_received_at - (us_sent_at - us_timestamp) else us_timestamp end)
           not between $earliest and coalesce(us_received_at, $day_end) + $tolerance
        or not starts_with(n_properties, '{{') or not starts_with(n_context, '{{')
        or not starts_with(n_traits, '{{')
        or regexp_matches(coalesce(event_name, ''), $pii_candidates)
        or case when s_type != 'track' then false
                when plan_event is null then true
                when len($plan_required[plan_event]) = 0 then false
                else not coalesce(list_bool_and(
                    list_transform($plan_required[plan_event], lambda p:
                        coalesce(json_extract(n_properties, '$."' || p || '"') != 'null', false))
                ), true) end
        or {nested_slow}, true) as slow
    from exacted
), scrubbed as (
    select idx, blank, slow,
        s_message_id as message_id, s_type as type, event_name as event,
{_indent(ids, 8)},
        make_timestamp(us_timestamp) as timestamp,
        make_timestamp(us_sent_at) as sent_at,
        make_timestamp(coalesce(us_received_at, $day_start)) as received_at,
        s_tenant_id as tenant_id,
{_indent(scrubbed, 8)}
    from judged
)
select * from scrubbed
"""


def _stage(name: str, columns: str, source: str) -> str:
    """A CTE ``name`` adding ``columns`` (SQL, one per line; maybe none) to every
    column of ``source``."""
    added = f",\n{_indent(columns, 8)}" if columns else ""
    return f"{name} as (\n    select *{added}\n    from {source}"


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())
