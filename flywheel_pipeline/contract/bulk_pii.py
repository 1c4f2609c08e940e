"""The PII rules of ``pii.yml`` in the bulk query (docs/pii.md "Two paths, one result").

:func:`plan_patterns` decides which patterns the query applies itself (plain
paths into a nested field; ``**.<key>`` hash patterns) and which keys send a
row to the line-by-line path; :class:`PiiSql` writes the SQL that finds,
hashes (HMAC-SHA256 from DuckDB's ``sha256``) and drops them, column by column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flywheel_pipeline.contract.pii import NESTED_FIELDS, PathPattern

SIMPLE_KEY = re.compile(r"[a-z0-9_]+")
JSON_STRING = r'"(?:[^"\\]|\\.)*"'
# Characters other than A-Z whose str.lower() is an ASCII letter (the Kelvin
# sign); tests/unit/test_bulk_validation.py checks this against all of Unicode.
OTHER_LOWER_PREIMAGES = {"k": "\u212a"}


def _other_cases(char: str) -> str:
    """The characters other than ``char`` whose ``str.lower()`` is ``char``."""
    if not "a" <= char <= "z":
        return ""
    return char.upper() + OTHER_LOWER_PREIMAGES.get(char, "")


def other_case_regex(keys: set[str]) -> str:
    """RE2 pattern of ``"<key>"`` for any of ``keys`` (lower case) spelled in
    another case that Python's ``str.lower()`` maps to it."""

    def any_case(char: str) -> str:
        return (
            "[" + re.escape(char + _other_cases(char)) + "]"
            if _other_cases(char)
            else re.escape(char)
        )

    spellings = [
        "".join(any_case(c) for c in key[:at])
        + "["
        + re.escape(_other_cases(char))
        + "]"
        + "".join(any_case(c) for c in key[at + 1 :])
        for key in sorted(keys)
        for at, char in enumerate(key)
        if _other_cases(char)
    ]
    return '"(?:' + "|".join(spellings) + ')"' if spellings else ""


@dataclass(frozen=True)
class PathRule:
    """A ``pii.yml`` pattern the query applies itself: a plain path of lower-case
    keys into one nested field, or (``anywhere``, hash only) one key at any depth
    (``**.email``)."""

    action: str  # "hash" or "drop"
    keys: tuple[str, ...]
    anywhere: bool = False


@dataclass
class NestedPlan:
    """How the query scrubs one nested field: the rules it applies and the key
    names (lower case) whose presence sends a row to the slow path."""

    rules: list[PathRule]
    slow_keys: set[str]

    @property
    def all_keys(self) -> set[str]:
        return {k for rule in self.rules for k in rule.keys} | self.slow_keys


def plan_patterns(
    drop: list[PathPattern], hash_: list[PathPattern]
) -> dict[str, NestedPlan] | None:
    """The rules per nested field, or None when a pattern reaches beyond the
    nested fields (a top-level field, or no key to look for): every row slow."""
    plans = {name: NestedPlan([], set()) for name in NESTED_FIELDS}
    for action, patterns in (("drop", drop), ("hash", hash_)):
        for pattern in patterns:
            head, *keys = pattern.segments
            leaf = keys[-1] if keys else None
            if head not in (*NESTED_FIELDS, "*", "**") or leaf in (None, "*", "**"):
                return None
            if head in NESTED_FIELDS and all(SIMPLE_KEY.fullmatch(k) for k in keys):
                plans[head].rules.append(PathRule(action, tuple(keys)))
                continue
            if head == "**" and len(keys) == 1 and action == "hash" and SIMPLE_KEY.fullmatch(leaf):
                for name in NESTED_FIELDS:
                    plans[name].rules.append(PathRule(action, (leaf,), anywhere=True))
                continue
            for name in NESTED_FIELDS if head in ("*", "**") else (head,):
                plans[name].slow_keys.add(leaf)
    for nested in plans.values():
        # a path inside another's: the order of drop and hash matters; leave it to Python
        tangled = [
            rule
            for rule in nested.rules
            for other in nested.rules
            if rule is not other
            and (
                rule.keys[: len(other.keys)] == other.keys[: len(rule.keys)]
                or ((rule.anywhere or other.anywhere) and rule.keys[-1] in other.keys)
            )
        ]
        for rule in tangled:
            if rule in nested.rules:
                nested.rules.remove(rule)
            nested.slow_keys.add(rule.keys[-1])
    return plans


class PiiSql:
    """SQL of the PII rules (``plans``, :func:`plan_patterns`) for one nested field
    at a time; every value from configuration goes into :attr:`params`."""

    def __init__(self, plans: dict[str, NestedPlan]) -> None:
        self.plans = plans
        self.params: dict[str, object] = {}

    def _param(self, name: str, value: object) -> str:
        """Bind ``value`` as query parameter ``name``; its SQL reference."""
        self.params[name] = value
        return f"${name}"

    def _value(self, name: str, at: int) -> str:
        """SQL of the JSON text of rule ``at``'s value in nested field ``name``
        (NULL when absent): for an ``anywhere`` rule, its first occurrence."""
        rules = self.plans[name].rules
        rule = rules[at - 1]
        if rule.anywhere:
            return f"a_{name}_{at}[1]"
        return f"v_{name}[{sum(1 for r in rules[:at] if not r.anywhere)}]"

    def _hmac(self, text: str, email: bool | None = None) -> str:
        """SQL of the keyed hash of string ``text``; an email is lower-cased first
        (:func:`~flywheel_pipeline.contract.pii.keyed_hash`; its spaces around
        never reach this path). ``email``: whether ``text`` is one, when known."""
        if email is None:
            normal = f"case when {self._is_email(text)} then lower({text}) else {text} end"
        else:
            normal = f"lower({text})" if email else text
        return f"sha256($opad || unhex(sha256($ipad || encode({normal}))))"

    @staticmethod
    def _is_email(text: str) -> str:
        """SQL: string ``text`` is an email (the regular expression only where an @ is;
        as a CASE condition only, where DuckDB evaluates AND lazily)."""
        return f"contains({text}, '@') and regexp_full_match({text}, $email)"

    def _found(self, name: str) -> str:
        """Column ``hit_<name>``: a key of the plan may occur in nested field
        ``name``, in any case (one case-insensitive pass; RE2 folds at least the
        characters ``str.lower()`` does, so this is a superset, which costs only the
        closer look of :meth:`_extract` and :meth:`_slow`)."""
        nested = self.plans.get(name)
        if not nested or not nested.all_keys:
            return f"false as hit_{name}"
        keys = "|".join(re.escape(k) for k in sorted(nested.all_keys))
        found = self._param(f"{name}_keys", f'(?i)"(?:{keys})":')
        # an empty object (most traits) needs no regular expression
        return (
            f"case when n_{name} = '{{}}' then false "
            f"else regexp_matches(n_{name}, {found}) end as hit_{name}"
        )

    def _occurs(self, name: str, label: str, keys: list[str], value: str = "") -> str:
        """Parameter of a pattern: key ``"<one of keys>":`` followed by ``value``."""
        alternatives = "|".join(re.escape(k) for k in sorted(keys))
        return self._param(f"{name}_{label}", f'"(?:{alternatives})":{value}')

    def _odd_keys(self, name: str) -> str | None:
        """Parameter of a pattern of the keys that need a closer look: an
        ``anywhere`` rule's or a slow key in plain case, any key in another case;
        None when there are none."""
        nested = self.plans[name]
        plain = {r.keys[0] for r in nested.rules if r.anywhere} | nested.slow_keys
        parts = [f'"(?:{"|".join(re.escape(k) for k in sorted(plain))})":'] if plain else []
        if variants := other_case_regex(nested.all_keys):
            parts.append(variants)
        return self._param(f"{name}_odd_keys", "|".join(parts)) if parts else None

    def _extract(self, name: str) -> str:
        """Columns ``odd_<name>`` (a key that needs a closer look occurs, see
        :meth:`_odd_keys`) and ``v_<name>`` (the values at the plain rules' paths,
        as JSON texts)."""
        nested = self.plans.get(name)
        if not nested or not nested.all_keys:
            return f"false as odd_{name}, null::varchar[] as v_{name}"
        odd = self._odd_keys(name)
        columns = [
            f"case when hit_{name} then regexp_matches(n_{name}, {odd}) else false end "
            f"as odd_{name}"
            if odd
            else f"false as odd_{name}"
        ]
        plain = [r for r in nested.rules if not r.anywhere]
        values = "null"
        if plain:
            paths = self._param(f"{name}_paths", ["$." + ".".join(r.keys) for r in plain])
            values = f"json_extract(n_{name}, {paths})::varchar[]"
        columns.append(f"case when hit_{name} then {values} end as v_{name}")
        return ",\n".join(columns)

    def _anywhere(self, name: str) -> str:
        """Columns ``a_<name>_<n>``: every string value (JSON text) of ``anywhere``
        rule ``n``'s key, where ``odd_<name>`` (:meth:`_extract`)."""
        nested = self.plans.get(name)
        columns = []
        for at, rule in enumerate(nested.rules if nested else [], start=1):
            if rule.anywhere:
                pairs = self._occurs(name, f"any{at}", [rule.keys[0]], f"({JSON_STRING})")
                found = f"regexp_extract_all(n_{name}, {pairs}, 1)"
                columns.append(f"case when odd_{name} then {found} end as a_{name}_{at}")
        return ",\n".join(columns)

    def _slow(self, name: str) -> str:
        """When the row must take the slow path because of nested field ``name``:
        a key it leaves to Python, a key spelled in another case (Python matches
        case-insensitively), a value it cannot hash like Python."""
        nested = self.plans.get(name)
        if not nested or not nested.all_keys:
            return "false"
        odd_terms = []
        if nested.slow_keys:
            left = self._occurs(name, "slow_keys", nested.slow_keys)
            odd_terms.append(f"regexp_matches(n_{name}, {left})")
        if variants := other_case_regex(nested.all_keys):
            other = self._param(f"{name}_variants", variants)
            odd_terms.append(f"regexp_matches(n_{name}, {other})")
        terms = []
        for at, rule in enumerate(nested.rules, start=1):
            value = self._value(name, at)
            if rule.action == "hash":
                # strings only (Python's str() of other JSON values is not their
                # text), without spaces around (Python strips an email's)
                terms.append(
                    f"({value} is not null and {value} != 'null' and "
                    f"(not starts_with({value}, '\"') "
                    f"or regexp_matches(u_{name}_{at}, $space_ends)))"
                )
            if rule.anywhere:
                # one string occurrence, not inside a list (Python does not look there)
                other = self._occurs(name, f"nonstring{at}", [rule.keys[0]], '[^"]')
                odd_terms.append(
                    f"len(a_{name}_{at}) > 1 or contains(n_{name}, '[') "
                    f"or regexp_matches(n_{name}, {other})"
                )
                # a pair that did not occur exactly once: only Python can tell where
                terms.append(f"({value} is not null and not exact_{name})")
        # CASE, not AND: DuckDB evaluates every operand of an AND in a projection,
        # but a CASE branch only for the rows that take it
        if odd_terms:
            terms.insert(0, f"case when odd_{name} then {' or '.join(odd_terms)} else false end")
        return f"case when hit_{name} then {' or '.join(terms) or 'false'} else false end"

    def _unquoted(self, name: str) -> str:
        """Columns ``u_<name>_<n>``: the string value of hash rule ``n``, unescaped
        (NULL when it has none)."""
        columns = []
        for at in self._hash_rules(name):
            value = self._value(name, at)
            columns.append(
                f"case when starts_with({value}, '\"') then ({value})->>'$' end as u_{name}_{at}"
            )
        return ",\n".join(columns)

    def _pairs(self, name: str) -> str:
        """Columns ``p_<name>_<n>``, the ``"key":value`` text of hash rule ``n`` (''
        when it has no string value), ``h_<name>_<n>``, the same pair with the
        value hashed, and ``dropped_<name>``: a drop rule has a value."""
        nested = self.plans.get(name)
        columns, drops = [], []
        for at, rule in enumerate(nested.rules if nested else [], start=1):
            value = self._value(name, at)
            if rule.action != "hash":
                drops.append(f"{value} is not null")
                continue
            key = self._param(f"{name}_pair{at}", f'"{rule.keys[-1]}":')
            hashed = self._hmac(f"u_{name}_{at}")
            columns.append(
                f"case when starts_with({value}, '\"') then {key} || {value} else '' end"
                f" as p_{name}_{at},\n"
                f"case when starts_with({value}, '\"') then {key} || '\"' || {hashed} || '\"' "
                f"else '' end as h_{name}_{at}"
            )
        columns.append(f"coalesce({' or '.join(drops) or 'false'}, false) as dropped_{name}")
        return ",\n".join(columns)

    def _hash_rules(self, name: str) -> list[int]:
        nested = self.plans.get(name)
        return [at for at, r in enumerate(nested.rules if nested else [], 1) if r.action == "hash"]

    def _replaced(self, name: str) -> str:
        """Column ``fast_<name>``: nested field ``name`` with each hashed value put
        in place by a text replacement of its pair."""
        text = f"n_{name}"
        for at in self._hash_rules(name):
            text = f"replace({text}, p_{name}_{at}, h_{name}_{at})"
        return f"case when hit_{name} then {text} else n_{name} end as fast_{name}"

    def _exact(self, name: str) -> str:
        """Column ``exact_<name>``: every pair occurred exactly once (the text grew
        by what the replacements add) and nothing is dropped."""
        rules = self._hash_rules(name)
        if not rules:
            return f"false as exact_{name}"
        grown = " + ".join(f"strlen(h_{name}_{at}) - strlen(p_{name}_{at})" for at in rules)
        return (
            f"({grown}) != 0 and strlen(fast_{name}) = strlen(n_{name}) + ({grown}) "
            f"and not dropped_{name} as exact_{name}"
        )

    def _scrubbed(self, name: str) -> str:
        """The text of nested field ``name`` with the rules' paths hashed or dropped:
        the replaced text when exact, else a JSON merge patch of the plain rules
        (a row with a value for an ``anywhere`` rule is then slow)."""
        nested = self.plans.get(name)
        if not nested or not nested.rules:
            return f"n_{name}"
        patches = []
        for at, rule in enumerate(nested.rules, start=1):
            if rule.anywhere:
                continue
            value = self._value(name, at)
            if rule.action == "hash":
                new = self._hmac(f"u_{name}_{at}")
                applies = f"starts_with({value}, '\"')"
            else:
                new, applies = "null", f"{value} is not null"
            patch = new
            for depth, key in enumerate(reversed(rule.keys)):
                patch = f"json_object({self._param(f'{name}_key{at}_{depth}', key)}, {patch})"
            patches.append(f"case when {applies} then {patch} else '{{}}' end")
        merged = f"json_merge_patch(n_{name}, {', '.join(patches)})" if patches else f"n_{name}"
        return (
            f"case when not hit_{name} then n_{name} when exact_{name} then fast_{name} "
            f"else {merged} end"
        )
