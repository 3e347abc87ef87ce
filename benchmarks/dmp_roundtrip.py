"""Median TD0.2 / TD1.1 / TD1.5a round trips against the local simulator (TLS reused) vs a bare HTTPS POST."""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from dmp_desktop.dmp.client import DmpClient
from dmp_desktop.dmp.messages import Transaction, access_request, creation_request, existence_request
from dmp_desktop.dmp.pki import client_ssl_context
from dmp_desktop.dmp.simulator import EmbeddedSimulator
from dmp_desktop.dmp.simulator.state import hash_password
from dmp_desktop.dmp.soap import build_request, new_message_id
from dmp_desktop.dmp.vihf import LpsInfo, signed_vihf
from dmp_desktop.domain.identity import Beneficiary, Ins, InsEnvironment, nir_key
from dmp_desktop.domain.model import Channel, Consent
from dmp_desktop.settings import TRAINING_PHARMACIST as PHARMACIST
from dmp_desktop.settings import TRAINING_PHARMACY as PHARMACY

_rng = random.Random(7)


def patient() -> tuple[Beneficiary, Ins]:
    nir13 = f"1{_rng.randint(10, 99)}{_rng.randint(1, 12):02d}75{_rng.randint(1, 999):03d}{_rng.randint(1, 999):03d}"
    nir = nir13 + nir_key(nir13)
    b = Beneficiary(0, "BENCH", "Patient", "19800101", nir, certified_nir=nir)
    return b, b.require_ins(InsEnvironment.TEST)


def timed(n: int, call: Callable[[int], object]) -> list[float]:
    out = []
    for i in range(n):
        start = time.perf_counter()
        call(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def request_size(client: DmpClient, tx: Transaction, body_factory: Callable[[], object], ins: Ins) -> int:
    assertion = signed_vihf(signer=client.certificate, pharmacist=PHARMACIST, pharmacy=PHARMACY, ins=ins, lps=LpsInfo())
    return len(
        build_request(
            action=tx.action,
            body=body_factory(),
            assertion=assertion,  # type: ignore[arg-type]
            message_id=new_message_id(),
            to="x",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=50, help="calls per transaction")
    args = parser.parse_args()
    n = args.n
    with tempfile.TemporaryDirectory() as tmp, EmbeddedSimulator(Path(tmp)) as sim:
        client = DmpClient(
            sim.url,
            sim.client_certificate,
            sim.client_certificate_password,
            pharmacy=PHARMACY,
            ca_bundle=sim.ca_certificate,
        )
        bare = httpx.Client(verify=client_ssl_context(client.certificate, sim.ca_certificate))
        probe_b, probe_ins = patient()
        client.test_existence(probe_ins, PHARMACIST)  # warm up: TLS handshake, imports
        bare.post(f"{sim.url}/_echo", content=b"x")

        fresh = [patient() for _ in range(n)]
        rows = []
        consent = Consent(True, True)
        for label, tx, body, call in (
            (
                "TD0.2",
                Transaction.TD0_2,
                lambda: existence_request(probe_ins, "x"),
                lambda i: client.test_existence(fresh[i][1], PHARMACIST),
            ),
            (
                "TD1.1",
                Transaction.TD1_1,
                lambda: creation_request(probe_b, probe_ins, consent, PHARMACIST, PHARMACY, "x"),
                lambda i: client.create(fresh[i][0], fresh[i][1], consent, PHARMACIST),
            ),
            (
                "TD1.5a",
                Transaction.TD1_5A,
                lambda: access_request(Channel.SMS, "+33612345678"),
                lambda i: client.open_web_account(fresh[i][1], Channel.SMS, "+33612345678", PHARMACIST),
            ),
        ):
            size = request_size(client, tx, body, probe_ins)
            payload = b"x" * size
            soap = timed(n, call)
            echo = timed(n, lambda _i, p=payload: bare.post(f"{sim.url}/_echo", content=p))
            rows.append((label, size, soap, echo))
        client.close()
        bare.close()

    sign = timed(n, lambda _i: request_size(client, Transaction.TD0_2, lambda: existence_request(probe_ins, "x"),
                                            probe_ins))
    scrypt = timed(max(5, n // 5), lambda _i: hash_password("cbC!bqf3"))
    print(f"DMP round trips against the local simulator, n={n} each, one TLS connection reused")
    header = (
        f"{'transaction':<12}{'bytes':>7}{'median ms':>11}{'p90 ms':>9}{'min ms':>8}{'bare POST ms':>14}{'ratio':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, size, soap, echo in rows:
        med, bare_med = statistics.median(soap), statistics.median(echo)
        p90 = statistics.quantiles(soap, n=10)[-1]
        print(f"{label:<12}{size:>7}{med:>11.2f}{p90:>9.2f}{min(soap):>8.2f}{bare_med:>14.2f}{med / bare_med:>7.1f}")
    print(f"client VIHF build + sign + envelope: median {statistics.median(sign):.2f} ms")
    print(f"simulator scrypt of the temporary password (TD1.5a only): median {statistics.median(scrypt):.2f} ms")


if __name__ == "__main__":
    main()
