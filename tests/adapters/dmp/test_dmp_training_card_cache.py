"""The training card's certificates are issued once per simulator state folder and kept private there."""

from __future__ import annotations

import stat
from pathlib import Path

from cryptography import x509

from dmp_desktop.dmp.simulator import training_card_certificates
from dmp_desktop.dmp.simulator.softcard import sample_image


def test_issued_once_kept_private_and_issued_again_for_another_image(tmp_path: Path) -> None:
    first = training_card_certificates(tmp_path, sample_image())
    again = training_card_certificates(tmp_path, sample_image())
    assert again == first  # the same keys and certificates: read back, not issued again
    [kept] = list((tmp_path / "cards").iterdir())
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    other = training_card_certificates(tmp_path, sample_image(holder_first_name="Paul"))
    assert other.auth_certificate != first.auth_certificate
    subject = x509.load_pem_x509_certificate(other.auth_certificate).subject.rfc4514_string()
    assert "PAUL" in subject
    ca = x509.load_pem_x509_certificate(first.ca_certificate)
    leaf = x509.load_pem_x509_certificate(first.auth_certificate)
    assert leaf.issuer == ca.subject


def test_another_ca_issues_again(tmp_path: Path) -> None:
    a = training_card_certificates(tmp_path / "a", sample_image())
    b = training_card_certificates(tmp_path / "b", sample_image())
    assert a.auth_certificate != b.auth_certificate and a.ca_certificate != b.ca_certificate
