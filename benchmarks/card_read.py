"""Card read benchmark on pcscd + vpcd: card insertion → parsed beneficiaries, ours vs bare pyscard APDUs.

Run with pcscd (and its vpcd driver) running:  .venv/bin/python benchmarks/card_read.py [--runs 20]
"insert→parsed": from the virtual card's connection to vpcd until the beneficiaries are parsed. It includes
pcscd noticing the card: pcscd polls vpcd every 400 ms, so each insertion happens at a random phase of that
poll (a hand is not synchronised with pcscd; inserting right after the previous removal was seen would always
land just after a poll and measure ~400 ms). "read only": the same with the card already seen.
The bare sequence sends the very APDUs our reader sends, with smartcard.scard and no parsing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from smartcard import scard

from dmp_desktop.card.applet import VitaleApplet
from dmp_desktop.card.image import load_image, training_cards
from dmp_desktop.card.pcsc import PcscReader
from dmp_desktop.card.session import read_vitale
from dmp_desktop.card.virtual import VirtualCard, reader_name

POLL_PERIOD = 0.4  # pcsc-lite's PCSCLITE_STATUS_POLL_RATE for drivers without their own event thread
_phase = random.Random(3)  # reproducible insertion phases


def recorded_sequence(image: dict[str, Any]) -> list[bytes]:
    """The APDUs our reader sends to this card (recorded in-process)."""
    applet = VitaleApplet.from_image(image)
    sent: list[bytes] = []

    class Recorder:
        def transmit(self, command: bytes) -> bytes:
            sent.append(command)
            return applet.transmit(command)

    read_vitale(Recorder())
    return sent


def card_state(context: Any, reader: str) -> int:
    _, states = scard.SCardGetStatusChange(context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
    return int(states[0][1])


def wait_present(context: Any, reader: str, present: bool, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    state = card_state(context, reader)
    while bool(state & scard.SCARD_STATE_PRESENT) != present:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SystemExit(f"{reader}: card {'not seen' if present else 'still there'} after {timeout} s")
        scard.SCardGetStatusChange(context, int(remaining * 1000), [(reader, state & ~scard.SCARD_STATE_CHANGED)])
        state = card_state(context, reader)


def bare_read(context: Any, reader: str, sequence: list[bytes]) -> None:
    """Wait for the card with SCardGetStatusChange, connect, send the fixed APDU list, nothing else."""
    wait_present(context, reader, True)
    hresult, card, protocol = scard.SCardConnect(
        context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
    )
    assert hresult == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(hresult)
    for command in sequence:
        hresult, response = scard.SCardTransmit(card, protocol, list(command))
        assert hresult == scard.SCARD_S_SUCCESS and len(response) >= 2
    scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)


def measure(
    image: dict[str, Any], slot: int, context: Any, job: Callable[[str], object], *, preinsert: bool, phase: float = 0
) -> float:
    reader = reader_name(slot)
    wait_present(context, reader, False)
    if not preinsert:
        time.sleep(phase)
    card = VirtualCard(image, slot=slot).start()
    try:
        if preinsert:
            wait_present(context, reader, True)
        started = time.perf_counter()
        job(reader)
        return (time.perf_counter() - started) * 1000
    finally:
        card.stop()


def row(name: str, values: list[float]) -> str:
    q = statistics.quantiles(values, n=10)
    return (f"{name:<34} {statistics.median(values):8.2f} {q[-1]:8.2f} {min(values):8.2f} {max(values):8.2f}"
            f" {len(values):5d}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--card", default="famille-martin")
    parser.add_argument("--slots", default="0,1", help="vpcd slots to alternate (a removal takes ~400 ms)")
    args = parser.parse_args()
    image = load_image(next(p for p in training_cards() if p.stem == args.card))
    sequence = recorded_sequence(image)
    slots = [int(s) for s in args.slots.split(",")]
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        print("pcscd is not running", file=sys.stderr)
        return 1
    results: dict[str, list[float]] = {k: [] for k in ("ours_insert", "bare_insert", "ours_read", "bare_read")}
    with PcscReader() as reader:
        for run in range(args.runs):
            slot = slots[run % len(slots)]
            # interleave the methods so drifts in machine load hit both alike; same insertion phase for both
            phase = _phase.uniform(0, POLL_PERIOD)
            results["ours_insert"].append(measure(image, slot, context, lambda r: reader.read(r, wait=5),
                                                  preinsert=False, phase=phase))
            results["bare_insert"].append(measure(image, slot, context, lambda r: bare_read(context, r, sequence),
                                                  preinsert=False, phase=phase))
            results["ours_read"].append(measure(image, slot, context, lambda r: reader.read(r), preinsert=True))
            results["bare_read"].append(measure(image, slot, context, lambda r: bare_read(context, r, sequence),
                                                preinsert=True))
    scard.SCardReleaseContext(context)
    print(f"card {args.card}: {len(image['beneficiaries'])} beneficiaries, {len(sequence)} APDUs per read,"
          f" {args.runs} runs (ms)")
    print(f"{'':<34} {'median':>8} {'p90':>8} {'min':>8} {'max':>8} {'n':>5}")
    print(row("insert→parsed, dmp_desktop.card", results["ours_insert"]))
    print(row("insert→APDUs done, bare pyscard", results["bare_insert"]))
    print(row("read only, dmp_desktop.card", results["ours_read"]))
    print(row("read only, bare pyscard", results["bare_read"]))
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"ratio insert→parsed / bare: {med['ours_insert'] / med['bare_insert']:.2f}   "
          f"ratio read only / bare: {med['ours_read'] / med['bare_read']:.2f}")
    print(f"targets: median insert→parsed ≤ 250 ms: {'OK' if med['ours_insert'] <= 250 else 'MISSED'}; "
          f"ratio ≤ 1.5: {'OK' if med['ours_insert'] / med['bare_insert'] <= 1.5 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
