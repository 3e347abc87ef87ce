"""The launch context of `wizard --context`: what the host already knows (pharmacist, workstation, patient)."""

from __future__ import annotations

from dataclasses import dataclass

from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.identity import validate_nir
from dmp_desktop.domain.model import Pharmacist
from dmp_desktop.pos.jsonio import check_keys, get_object, get_str, invalid, load_object
from dmp_desktop.pos.request import parse_pharmacist


@dataclass(frozen=True)
class HostContext:
    pharmacist: Pharmacist | None = None
    workstation: str | None = None
    expected_nir: str | None = None  # 15 characters with the key: the card's patient must match
    reader: str | None = None


def parse_context(text: str) -> HostContext:
    """Every key optional, none unknown; raise DomainError(REQUEST_INVALID, field=…) otherwise."""
    raw = load_object(text, "the context")
    check_keys(raw, "", {"pharmacist", "workstation", "expected_nir", "reader"})
    ph = get_object(raw, "", "pharmacist")
    pharmacist = parse_pharmacist(ph, "pharmacist") if ph is not None else None
    workstation = get_str(raw, "", "workstation")
    reader = get_str(raw, "", "reader")
    nir = get_str(raw, "", "expected_nir")
    if nir is not None:
        try:
            nir = validate_nir(nir)
        except DomainError:
            raise invalid("expected_nir", "not a valid NIR (15 characters, key included)") from None
    return HostContext(pharmacist, (workstation or "").strip() or None, nir, (reader or "").strip() or None)
