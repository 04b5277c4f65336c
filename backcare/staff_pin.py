"""The kiosk's staff PIN, kept in the clinic profile only as a salted hash: anyone who can
read the profile still cannot read the PIN. A leaf: it imports nothing of backcare's."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

SCHEME = "pbkdf2-sha256"
ROUNDS = 200_000
"""Slow enough that guessing a 4-digit PIN from a copied profile takes a while, fast enough
(about 0.1 s) that staff do not wait."""

STORED = re.compile(rf"^{SCHEME}\$(\d+)\$([0-9a-f]{{32}})\$([0-9a-f]{{64}})$")
PIN = re.compile(r"^[0-9]{4,12}$")


def is_pin(text: str) -> bool:
    """4 to 12 digits: what a kiosk's number keys can type."""
    return PIN.fullmatch(text) is not None


FEWEST, MOST = 100_000, 1_000_000
"""The rounds a stored PIN may name: fewer make a copied profile quick to guess, more make
staff wait seconds at the kiosk for each try."""


def is_stored(text: str) -> bool:
    found = STORED.fullmatch(text) if isinstance(text, str) else None
    return found is not None and len(found[1]) <= 7 and FEWEST <= int(found[1]) <= MOST


def stored(pin: str, salt: bytes | None = None) -> str:
    """The text the profile keeps for `pin`."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, ROUNDS)
    return f"{SCHEME}${ROUNDS}${salt.hex()}${digest.hex()}"


def matches(pin: str, kept: str) -> bool:
    found = STORED.fullmatch(kept)
    if found is None or not is_stored(kept) or not is_pin(pin):
        return False
    rounds, salt, digest = int(found[1]), bytes.fromhex(found[2]), found[3]
    typed = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, rounds).hex()
    return hmac.compare_digest(typed, digest)
