"""Mode DIRECTE's TLS through a CardSession signer (tlslite-ng) beside a file key over Python's ssl, same run.

For each path: the first TD0.2 of a new session (TCP + TLS handshake + TD0.2) and the next TD0.2 on the kept
connection. The cards: the software CardSession (keys in memory) and, when SoftHSM2 is installed, a SoftHSM2
token provisioned from the same image, its key used through the real PKCS#11 library (python-pkcs11).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from dmp_desktop.dmp.client import DmpClient
from dmp_desktop.dmp.simulator import TRAINING_CERTIFICATE_PASSWORD
from dmp_desktop.dmp.simulator.softcard import SoftCardSession, sample_image
from dmp_desktop.domain.identity import Beneficiary, Ins, InsEnvironment, nir_key
from dmp_desktop.domain.model import Pharmacist
from dmp_desktop.settings import TRAINING_PHARMACIST, TRAINING_PHARMACY

TARGET_FIRST_MS = 150.0
TARGET_NEXT_MS = 20.0
_rng = random.Random(13)


def patient() -> Ins:
    nir13 = f"2{_rng.randint(10, 99)}{_rng.randint(1, 12):02d}75{_rng.randint(1, 999):03d}{_rng.randint(1, 999):03d}"
    nir = nir13 + nir_key(nir13)
    return Beneficiary(0, "BENCH", "Patiente", "19800101", nir, certified_nir=nir).require_ins(InsEnvironment.TEST)


def session(open_client: Callable[[], DmpClient], who: Pharmacist, calls: int) -> tuple[float, list[float]]:
    """(first TD0.2 with its handshake, the next ones on the kept connection), in ms."""
    ins = patient()
    client = open_client()
    try:
        start = time.perf_counter()
        client.test_existence(ins, who)
        first = (time.perf_counter() - start) * 1000
        nexts = []
        for _ in range(calls):
            start = time.perf_counter()
            client.test_existence(ins, who)
            nexts.append((time.perf_counter() - start) * 1000)
    finally:
        client.close()
    return first, nexts


@contextlib.contextmanager
def simulator_process(state: Path) -> Iterator[dict[str, Any]]:
    """`dmp-desktop dmp-simulator` in its own process, as the DMP is: no GIL shared with the client."""
    command = [sys.executable, "-m", "dmp_desktop", "dmp-simulator", "--state", str(state), "--json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield json.loads(process.stdout.readline())
    finally:
        process.terminate()
        process.wait(timeout=10)


def softhsm_session(state: Path) -> Any:
    """A logged-in session on a SoftHSM2 token provisioned from the sample image, its certificates issued by
    the simulator's CA in `state`; None (with a line on stderr) when SoftHSM2 is not installed."""
    from dmp_desktop.cps import softhsm
    from dmp_desktop.cps.image import validate_image
    from dmp_desktop.cps.pkcs11card import Pkcs11CardReader
    from dmp_desktop.cps.training import issued_pems
    from dmp_desktop.dmp.simulator import issue_card_certificates

    if not softhsm.available():
        print("SoftHSM2 not installed (apt-get install softhsm2): its row is left out", file=sys.stderr)
        return None
    image = sample_image()
    auth, auth_key, sig, sig_key, _ca = issued_pems(issue_card_certificates(state, image))
    made = softhsm.provision(validate_image(image), state / "token", auth, auth_key, sig, sig_key)
    os.environ.update(made["env"])
    reader = Pkcs11CardReader(made["module"], token_label=made["token_label"])
    return reader.login(str(image["pin"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-s", "--sessions", type=int, default=15, help="new sessions (handshakes) per path")
    parser.add_argument("-n", "--calls", type=int, default=20, help="calls on each kept connection")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, simulator_process(Path(tmp)) as sim:
        url, ca, structure = sim["url"], Path(sim["ca_certificate"]), Path(sim["client_certificate"])
        card = SoftCardSession.issue(Path(tmp), sample_image())
        situation = card.situations[0]
        holder = card.holder.pharmacist(situation)

        def card_client(signed: bool) -> Callable[[], DmpClient]:
            return lambda: DmpClient.directe(url, card, situation, ca_bundle=ca, sign_vihf=signed)

        def file_client() -> DmpClient:
            return DmpClient(url, structure, TRAINING_CERTIFICATE_PASSWORD, pharmacy=TRAINING_PHARMACY, ca_bundle=ca)

        paths: list[tuple[str, Callable[[], DmpClient], Pharmacist]] = []
        token = softhsm_session(Path(tmp))
        if token is not None:
            paths.append(("SoftHSM2 key via PKCS#11, VIHF unsigned",
                          lambda: DmpClient.directe(url, token, situation, ca_bundle=ca), holder))
        paths += [
            ("card key, tlslite-ng TLS 1.2, VIHF unsigned", card_client(False), holder),
            ("card key, tlslite-ng TLS 1.2, VIHF card-signed", card_client(True), holder),
            ("file key, Python ssl, VIHF signed (INDIRECTE)", file_client, TRAINING_PHARMACIST),
        ]
        for _label, factory, who in paths:  # warm up: imports, first key loads
            session(factory, who, 1)
        rows = []
        for label, factory, who in paths:
            firsts, nexts = [], []
            for _ in range(args.sessions):
                first, later = session(factory, who, args.calls)
                firsts.append(first)
                nexts.extend(later)
            rows.append((label, firsts, nexts))

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(
        f"TD0.2 against the simulator (its own process) on loopback: {args.sessions} sessions x {args.calls} "
        f"calls per path; load average {load}"
    )
    header = f"{'path':<50}{'first (handshake) ms':>22}{'p90':>8}{'next ms':>10}{'p90':>8}"
    print(header)
    print("-" * len(header))
    failed = False
    for label, firsts, nexts in rows:
        first_med, next_med = statistics.median(firsts), statistics.median(nexts)
        first_p90 = statistics.quantiles(firsts, n=10)[-1]
        next_p90 = statistics.quantiles(nexts, n=10)[-1]
        print(f"{label:<50}{first_med:>22.1f}{first_p90:>8.1f}{next_med:>10.2f}{next_p90:>8.2f}")
        if "unsigned" in label:
            failed = failed or first_med > TARGET_FIRST_MS or next_med > TARGET_NEXT_MS
    verdict = "MISSED" if failed else "met"
    print(
        f"targets (card keys, VIHF unsigned): first <= {TARGET_FIRST_MS:.0f} ms, next <= {TARGET_NEXT_MS:.0f} ms: "
        f"{verdict}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
