"""Masked contacts for the accusé: enough to recognise one's own phone or address, not to read it whole."""

from __future__ import annotations

import re

BULLET = "•"


def mask_phone(e164: str) -> str:
    """'+33612345678' → '06 •• •• •• 78'; other countries keep their code and the last two digits."""
    digits = re.sub(r"[^0-9+]", "", e164)
    if digits.startswith("+33") and len(digits) == 12:
        national = "0" + digits[3:]
        return f"{national[:2]} {BULLET * 2} {BULLET * 2} {BULLET * 2} {national[-2:]}"
    if digits.startswith("0") and len(digits) == 10:
        return f"{digits[:2]} {BULLET * 2} {BULLET * 2} {BULLET * 2} {digits[-2:]}"
    bare = digits.lstrip("+")
    if len(bare) < 4:
        return BULLET * 4
    # E.164 country codes are 1-3 digits; without a numbering plan keep only the "+" and the first two.
    head = "+" + bare[:2] if digits.startswith("+") else bare[:2]
    return f"{head} {BULLET * 2} {BULLET * 2} {bare[-2:]}"


def mask_email(address: str) -> str:
    """'jean.dupont@example.fr' → 'j•••t@example.fr': first and last letter of the local part, domain kept."""
    local, sep, domain = address.strip().rpartition("@")
    if not sep:  # not an address: show nothing of it
        return BULLET * 3
    masked = local[:1] + BULLET * 3 if len(local) <= 2 else local[0] + BULLET * 3 + local[-1]
    return f"{masked}@{domain}"
