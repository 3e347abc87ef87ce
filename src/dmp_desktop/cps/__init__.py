"""The pharmacist's CPS/CPE card: PKCS#11 reader and session, training card, SoftHSM2 provisioning.

The only package importing the PKCS#11 binding (python-pkcs11). Certificates for the training card and for
provisioning come from outside (the DMP simulator's CA) as PEM bytes: this package never imports dmp.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol

from dmp_desktop.domain.errors import DomainError, ErrorCode

if TYPE_CHECKING:
    from dmp_desktop.cps.pkcs11card import Pkcs11CardReader
    from dmp_desktop.cps.training import Issuer, TrainingCardReader
    from dmp_desktop.domain.ports import CardSession
    from dmp_desktop.domain.professional import CardHolder, PinState
    from dmp_desktop.settings import Settings

BACKENDS = ("auto", "pkcs11", "training")


class CpsReader(Protocol):
    """ProfessionalCardReader plus what the command line and doctor need: an expired card's holder, close()."""

    def holder(self, *, allow_expired: bool = False) -> CardHolder: ...

    def pin_state(self) -> PinState: ...

    def login(self, pin: str) -> CardSession: ...

    def close(self) -> None: ...


_training_lock = threading.Lock()
_training: TrainingCardReader | None = None
_training_key = ""


def training_reader(issuer: Issuer | None = None, *, issuer_key: str = "") -> TrainingCardReader:
    """The process-wide training reader (the « Cartes de formation » menu and the flow share it). The caller
    with an issuer (app.py: the embedded simulator's CA, `issuer_key` its state folder) sets where its
    certificates come from; another CA (another state folder) makes the cards issued by the old one useless,
    so they are dropped and the reader is empty again."""
    global _training, _training_key
    with _training_lock:
        if _training is None:
            from dmp_desktop.cps.training import TrainingCardReader

            _training = TrainingCardReader(issuer)
            _training_key = issuer_key
        elif issuer is not None and (_training_key != issuer_key or getattr(_training, "_issuer", None) is None):
            _training.reissue(issuer)
            _training_key = issuer_key
        return _training


def backend_for(settings: Settings) -> str:
    """'pkcs11' or 'training'. 'auto' takes the module when one is configured; without one, the training card in
    training mode only (production never silently swaps the pharmacist's card for a training one)."""
    backend = settings.cps.backend
    if backend not in BACKENDS:
        raise DomainError(ErrorCode.CONFIG_INVALID, f"[cps] backend must be one of {BACKENDS}", field="cps.backend")
    if backend != "auto":
        return backend
    return "pkcs11" if settings.cps.module or not settings.training else "training"


def open_card_reader(settings: Settings, issuer: Issuer | None = None) -> CpsReader:
    if backend_for(settings) == "training":
        return training_reader(issuer)
    from dmp_desktop.cps.pkcs11card import Pkcs11CardReader

    return Pkcs11CardReader(settings.cps.module, token_label=settings.cps.token_label)


if TYPE_CHECKING:  # mypy checks that both readers and their sessions are what the ports promise

    def _ports(pkcs: Pkcs11CardReader, training: TrainingCardReader) -> None:
        from dmp_desktop.domain.ports import ProfessionalCardReader

        readers: list[ProfessionalCardReader] = [pkcs, training]
        sessions: list[CardSession] = [pkcs.login(""), training.login("")]
        ours: list[CpsReader] = [pkcs, training]
        del readers, sessions, ours
