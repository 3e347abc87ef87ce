"""Client helpers without network: timeouts per transaction, production endpoints, TLS error classes."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from dmp_desktop.dmp.client import DmpClient, DmpTimeouts, _tls_problem, is_production_endpoint
from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import Pharmacy


def test_timeouts_per_transaction() -> None:
    t = DmpTimeouts()
    assert [t.for_class(tx.timeout_class) for tx in Transaction] == [6.0, 10.0, 10.0, 10.0, 10.0, 10.0]
    custom = DmpTimeouts(existence=1, creation=2, other=3)
    assert custom.for_class(Transaction.TD0_2.timeout_class) == 1
    assert custom.for_class(Transaction.TD1_1.timeout_class) == 2
    assert custom.for_class(Transaction.TD1_5A.timeout_class) == 3


def test_production_endpoint() -> None:
    assert is_production_endpoint("https://lps2.dmp.gouv.fr/si-dmp-server/v2/services")
    assert not is_production_endpoint("https://formation1.lps2.dmp.gouv.fr/si-dmp-server/v2/services")
    assert not is_production_endpoint("https://127.0.0.1:4443/si-dmp-server/v2/services")


@pytest.mark.parametrize(
    ("message", "tls"),
    [
        ("[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required", True),
        ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", True),
        ("[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca", True),
        ("EOF occurred in violation of protocol (_ssl.c:2427)", False),
        ("Server disconnected without sending a response.", False),
        ("[Errno 111] Connection refused", False),
    ],
)
def test_tls_problem_classification(message: str, tls: bool) -> None:
    assert _tls_problem(ssl.SSLError(message) if "SSL" in message else OSError(message)) is tls


def test_plain_http_endpoint_refused() -> None:
    with pytest.raises(DomainError) as err:
        DmpClient("http://example.org/x", Path("none.p12"), "x", pharmacy=Pharmacy("P", "1"))
    assert err.value.code is ErrorCode.CONFIG_INVALID
