"""The local DMP simulator: the same protocol as the real service, on loopback, with fault injection."""

from dmp_desktop.dmp.simulator.embedded import EmbeddedSimulator
from dmp_desktop.dmp.simulator.igc import (
    TRAINING_CERTIFICATE_PASSWORD,
    CardCertificates,
    issue_card_certificates,
    training_card_certificates,
)

__all__ = [
    "TRAINING_CERTIFICATE_PASSWORD",
    "CardCertificates",
    "EmbeddedSimulator",
    "issue_card_certificates",
    "training_card_certificates",
]
