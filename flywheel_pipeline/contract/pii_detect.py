"""Detection and masking of personal data inside free text (docs/pii.md "Masking").

:func:`mask_text` replaces, in one string, every

- email address (``[email]``),
- payment card number, 13 to 19 digits that pass the Luhn check (``[card]``),
- phone number that Google's libphonenumber (the ``phonenumbers`` port) finds
  valid for the configured region or by its country code (``[phone]``),
- IPv4 or IPv6 address that Python's :mod:`ipaddress` accepts (``[ip]``).

A quick test rejects the common case (short strings, no ``@``, no digit run,
no colon) before any expensive matcher runs.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
EMAIL_FULL = re.compile(rf"\s*{EMAIL.pattern}\s*")
# the same, URL-encoded in a query string (ann%40example.com)
EMAIL_URL = re.compile(r"[A-Za-z0-9._+-]+%40[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", re.I)
# 13-19 digits, optionally grouped by spaces or dashes, not part of a longer number
CARD = re.compile(r"(?<![\w.])\d(?:[ -]?\d){12,18}(?![\w.])")
# dotted quads not glued to a word or a version string ("Chrome/120.0.0.0")
IPV4 = re.compile(r"(?<![\w.])(?<![A-Za-z]/)(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
# a run of 7+ digits with phone punctuation, not glued to words, paths or versions
PHONE_CANDIDATE = re.compile(r"(?<![\w./-])\+?\(?\d[\d ().-]{5,}\d(?![\w/.-]?\w)")
DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}")
IPV6_HINT = r"[0-9A-Fa-f]:[0-9A-Fa-f]{0,4}:|::"  # where an IPv6 candidate must start
CARD_HINT = r"(?:\d[ -]?){12}\d"  # the first 13 digits of a card candidate
# every detector's candidates (or a prefix they must contain), as one test:
# no match, nothing to mask
QUICK = re.compile(
    "|".join(["@", "%40", IPV4.pattern, PHONE_CANDIDATE.pattern, IPV6_HINT, CARD_HINT])
)
MASKS = {"email": "[email]", "card": "[card]", "phone": "[phone]", "ip": "[ip]"}


def is_email(value: object) -> bool:
    """True when ``value`` is a string that is one email address (spaces around allowed)."""
    return isinstance(value, str) and EMAIL_FULL.fullmatch(value) is not None


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a string of digits (payment card numbers)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0


def _cards(text: str) -> str:
    def replace(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group())
        return MASKS["card"] if luhn_valid(digits) else match.group()

    return CARD.sub(replace, text)


def _ips(text: str) -> str:
    def replace(match: re.Match) -> str:
        try:
            ipaddress.ip_address(match.group())
        except ValueError:
            return match.group()
        return MASKS["ip"]

    text = IPV4.sub(replace, text)
    return IPV6.sub(replace, text) if text.count(":") >= 2 else text


def _phone(candidate: str, region: str) -> bool:
    if sum(c.isdigit() for c in candidate) < 7 or DATE_LIKE.search(candidate):
        return False
    try:
        number = phonenumbers.parse(candidate.strip(), region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def _phones(text: str, region: str) -> str:
    """Candidates found by a cheap pattern, validated by libphonenumber."""

    def replace(match: re.Match) -> str:
        return MASKS["phone"] if _phone(match.group(), region) else match.group()

    return PHONE_CANDIDATE.sub(replace, text)


# The same test for RE2 (no look-behind), column-wise over many texts at once: a
# superset of every detector's candidates (a preceding character stands in for
# the look-behind).
CANDIDATES_RE2 = "|".join(
    [
        "@",
        "%40",
        r"(?:^|[^\w./-])\+?\(?\d[\d ().-]{5,}\d",  # phone
        r"(?:^|[^\w./])(?:\d{1,3}\.){3}\d",  # IPv4
        r"[^A-Za-z]/(?:\d{1,3}\.){3}\d",  # IPv4 after a slash that ends no word
        r"(?:^|[^\w.])\d(?:[ -]?\d){12,18}",  # card
        r"(?:^|[^\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}",  # IPv6
    ]
)


def may_hold_pii_column(texts: pa.Array) -> pa.BooleanArray:
    """:func:`may_hold_pii` for an Arrow string column (pyarrow's RE2, in C++)."""
    return pc.match_substring_regex(texts, CANDIDATES_RE2)


def may_hold_pii(text: str) -> bool:
    """False when no detector can find anything in ``text`` (a cheap first test)."""
    return len(text) >= 7 and QUICK.search(text) is not None


def mask_text(text: str, kinds: Iterable[str], region: str = "US") -> str:
    """``text`` with every detected value of ``kinds`` (email, card, phone, ip)
    replaced by its mask; unchanged when nothing is found."""
    if not may_hold_pii(text):
        return text
    kinds = set(kinds)
    if "email" in kinds:
        text = EMAIL_URL.sub(MASKS["email"], EMAIL.sub(MASKS["email"], text))
    if "card" in kinds:
        text = _cards(text)
    if "ip" in kinds:
        text = _ips(text)
    if "phone" in kinds:
        text = _phones(text, region)
    return text
