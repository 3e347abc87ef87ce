"""The professional's card: PIN to session ready, on a SoftHSM2 token (real PKCS#11 module) and the training card.

Run:  .venv/bin/python benchmarks/cps.py [--runs 30]
"holder": the card read without PIN (certificate + public objects). "PIN → session": login() until the session
holds its keys, certificates and situations. "first signature": one CKM_RSA_PKCS over a SHA-256 DigestInfo
(what a TLS CertificateVerify costs). Certificates come from the simulator's IGC when this build has it, else from
the tests' throwaway CA (same layout).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from asn1crypto.algos import DigestInfo

from dmp_desktop.cps import module, softhsm
from dmp_desktop.cps.image import load_image, resolve_image
from dmp_desktop.cps.pkcs11card import Pkcs11CardReader
from dmp_desktop.cps.training import TrainingCardReader, issued_pems, training_card

REPO = Path(__file__).resolve().parent.parent


def issuer(state: Path) -> Callable[[dict[str, Any]], Any]:
    try:
        from dmp_desktop.commands.cps import simulator_issuer

        issue = simulator_issuer()
        return lambda raw: issue(state, raw)
    except Exception:  # this build has no simulator IGC yet: the tests' CA
        spec = importlib.util.spec_from_file_location("cps_test_issuer", REPO / "tests/unit/cps/issuer.py")
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return lambda raw: mod.issue(raw, unordered=True)


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, samples: list[float]) -> str:
    p95 = sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]
    return f"| {name:<38} | {statistics.median(samples):8.3f} | {p95:8.3f} | {min(samples):8.3f} |"


def measure(reader: Any, pin: str, runs: int) -> dict[str, list[float]]:
    info = DigestInfo({"digest_algorithm": {"algorithm": "sha256"},
                       "digest": hashlib.sha256(b"handshake").digest()}).dump()
    holder = timed(lambda: reader.holder(), runs)
    sessions: list[Any] = []
    login = timed(lambda: sessions.append(reader.login(pin)), runs)
    first: list[float] = []
    for _ in range(runs):
        session = reader.login(pin)
        start = time.perf_counter()
        session.sign_authentication(info)
        first.append((time.perf_counter() - start) * 1000)
    reader.close()
    return {"holder": holder, "PIN → session": login, "first signature": first}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    image = load_image(resolve_image("pharmacien-deux-officines"))
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="cps-bench-") as tmp:
        issue = issuer(Path(tmp) / "simulator")
        pems = issued_pems(issue(image.as_dict()))
        training = TrainingCardReader()
        training.insert(training_card(image, pems))
        results["training card"] = measure(training, image.pin, args.runs)
        if softhsm.available():
            made = softhsm.provision(image, Path(tmp) / "token", *pems[:4])
            os.environ.update(made["env"])
            results["SoftHSM2 (PKCS#11)"] = measure(Pkcs11CardReader(made["module"]), image.pin, args.runs)
            module.release(made["module"])
        else:
            print("SoftHSM2 not installed: its rows are missing (apt-get install softhsm2)", file=sys.stderr)
    print(f"CPS card, {args.runs} runs each, milliseconds")
    print(f"| {'card / step':<38} | {'median':>8} | {'p95':>8} | {'min':>8} |")
    print(f"|{'-' * 40}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
    for card, steps in results.items():
        for step, samples in steps.items():
            print(row(f"{card}: {step}", samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
