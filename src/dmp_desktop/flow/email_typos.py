"""« Vouliez-vous dire …@gmail.com ? »: the domain a patient most likely meant when the typed one looks mistyped.

A table of typos seen at counters first, then a closeness check (difflib) against the providers French
patients use; a domain that is itself one of those providers is never "corrected"."""

from __future__ import annotations

import difflib

# Mailbox providers of French patients (and look-alikes that are real providers, so never "corrected").
COMMON_DOMAINS = (
    "gmail.com", "hotmail.fr", "hotmail.com", "yahoo.fr", "yahoo.com", "orange.fr", "wanadoo.fr", "laposte.net",
    "free.fr", "sfr.fr", "outlook.fr", "outlook.com", "live.fr", "live.com", "icloud.com", "me.com", "neuf.fr",
    "bbox.fr", "aol.com", "msn.com", "gmx.fr", "gmx.com", "mail.com", "club-internet.fr", "numericable.fr",
    "aliceadsl.fr", "voila.fr", "protonmail.com", "proton.me",
)

KNOWN_TYPOS = {
    "gmail.con": "gmail.com", "gmail.cm": "gmail.com", "gmail.co": "gmail.com", "gmail.fr": "gmail.com",
    "gmial.com": "gmail.com", "gmai.com": "gmail.com", "gmal.com": "gmail.com", "gamil.com": "gmail.com",
    "gnail.com": "gmail.com", "gmaill.com": "gmail.com", "g-mail.com": "gmail.com", "gmail.om": "gmail.com",
    "hotmial.fr": "hotmail.fr", "hotmal.fr": "hotmail.fr", "hotmil.fr": "hotmail.fr", "hotamil.fr": "hotmail.fr",
    "hormail.fr": "hotmail.fr", "homail.fr": "hotmail.fr", "hotmail.fe": "hotmail.fr", "hotmail.con": "hotmail.com",
    "hotmial.com": "hotmail.com",
    "yaho.fr": "yahoo.fr", "yahou.fr": "yahoo.fr", "yahoo.fe": "yahoo.fr", "yaho.com": "yahoo.com",
    "yahoo.con": "yahoo.com",
    "orange.fe": "orange.fr", "ornage.fr": "orange.fr", "orang.fr": "orange.fr", "orange.com": "orange.fr",
    "wanadoo.fe": "wanadoo.fr", "wanado.fr": "wanadoo.fr", "wanadou.fr": "wanadoo.fr", "wannadoo.fr": "wanadoo.fr",
    "wanadoo.com": "wanadoo.fr",
    "laposte.fr": "laposte.net", "lapost.net": "laposte.net", "laposte.com": "laposte.net",
    "la-poste.net": "laposte.net", "laposte.ne": "laposte.net",
    "free.fe": "free.fr", "fre.fr": "free.fr", "sfr.fe": "sfr.fr",
    "outlook.fe": "outlook.fr", "outlok.fr": "outlook.fr", "outlook.con": "outlook.com",
    "icloud.con": "icloud.com", "iclould.com": "icloud.com", "icoud.com": "icloud.com",
}

# A domain this close to a provider's (difflib's ratio) is offered that provider: "gmail.con" is 0.89 away
# from "gmail.com"; two unrelated short domains ("sfr.fr" / "free.fr") stay under it.
_CUTOFF = 0.85


def suggest_domain(domain: str) -> str | None:
    """The provider's domain the patient probably meant, or None (the domain looks right, or nothing is close)."""
    name = domain.strip().lower().rstrip(".")
    if not name or name in COMMON_DOMAINS:
        return None
    if name in KNOWN_TYPOS:
        return KNOWN_TYPOS[name]
    close = difflib.get_close_matches(name, COMMON_DOMAINS, n=1, cutoff=_CUTOFF)
    return close[0] if close else None


def suggest_email(address: str) -> str | None:
    """The whole address with the likely domain (« jean@gmail.con » → « jean@gmail.com »), or None."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local:
        return None
    better = suggest_domain(domain)
    return f"{local}@{better}" if better else None
