"""A whole creation at the counter, machine time only, on the real parts over loopback, and peak RSS.

card read (pcscd + vpcd virtual card) → TD0.2 → [journal pending → TD1.1 → journal created → TD1.5a →
journal account] → accusé PDF (ReportLab, in memory) → job queued on the CUPS test queue (QtPrinter).
The DMP service is the embedded simulator over HTTPS (mutual TLS, signed VIHF) on 127.0.0.1; the journal is
SQLite. Each run is a new patient (a new virtual card). Not timed: the card insertion (a human act, and
pcscd's polling) and the one-off start (simulator, Qt, database migration).

Memory: the peak RSS of the process (getrusage), the RSS at the end of each stage of the first run (where the
memory is taken) and after each start-up step. By default the journal was created and migrated by an earlier
start (in its own process, as the counter's first start did): the usual day, where Alembic is never imported.
`--new-profile` measures the very first start instead (the journal created and migrated in this process).

Run after `scripts/services.sh start` and `source .test-state/services.env`:
    .venv/bin/python benchmarks/counter.py [--runs 20] [--warmup 2] [--simulator-process] [--new-profile]
Targets (issue 7): whole creation ≤ 1.0 s, peak RSS ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class _Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def patient_image(i: int) -> dict[str, Any]:
    """A one-beneficiary card; the first name makes each run a new INS-C (a new DMP)."""
    letters = ""
    n = i
    for _ in range(4):
        letters += chr(ord("A") + n % 26)
        n //= 26
    return {
        "label": f"Bench {i}",
        "holder_nir": "180057505612342",
        "beneficiaries": [{"surname": "MARTIN", "birth_name": "MARTIN", "first_name": f"Jean{letters}",
                           "birth_date": "19800512", "birth_rank": 1, "quality": "assure"}],
    }


def rss_mib() -> float | None:
    """The process's resident memory now (Linux), in MiB; None elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024
    except (OSError, StopIteration, ValueError):
        return None


def wait_card(reader: Any, name: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            reader.read(name, 0.0)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--slot", type=int, choices=(0, 1), default=1)
    parser.add_argument("--simulator-process", action="store_true",
                        help="run the DMP simulator as its own process (as the real service is remote), so the "
                             "peak RSS is the counter's alone; default: embedded, as training mode runs it")
    parser.add_argument("--cps", action="store_true",
                        help="mode DIRECTE: the training CPS (PIN typed once before the runs), TLS by its key")
    parser.add_argument("--new-profile", action="store_true",
                        help="the counter's very first start: its journal is created and migrated in the measured "
                             "process (Alembic then stays loaded); default: a usual day, the journal migrated by "
                             "an earlier start of the counter")
    args = parser.parse_args()
    queue = os.environ.get("DMP_DESKTOP_TEST_PRINTER")
    if not os.environ.get("DMP_DESKTOP_TEST_PCSC") or not queue:
        print("needs pcscd+vpcd and the CUPS test queue: scripts/services.sh start; source .test-state/services.env",
              file=sys.stderr)
        return 2

    from dmp_desktop.card.pcsc import PcscReader
    from dmp_desktop.card.virtual import VirtualCard, reader_name
    from dmp_desktop.dmp import open_service
    from dmp_desktop.domain.model import AccountRequest, Consent, ReceiptFormat
    from dmp_desktop.flow.outcomes import CreationOrder, Stage
    from dmp_desktop.flow.usecases import CounterServices
    from dmp_desktop.receipts.pdf import ReportLabRenderer
    from dmp_desktop.receipts.qtprint import QtPrinter
    from dmp_desktop.secrets import MemorySecretStore
    from dmp_desktop.settings import settings_from_dict
    from dmp_desktop.storage.ledger import open_ledger

    tmp = Path(tempfile.mkdtemp(prefix="dmp-bench-counter-"))
    settings = settings_from_dict({"mode": "training", "data_dir": str(tmp / "data"), "log_dir": str(tmp / "log")})
    sim_process = None
    if args.simulator_process:
        import subprocess

        state = settings.simulator_state_dir
        sim_process = subprocess.Popen(
            [sys.executable, "-m", "dmp_desktop", "dmp-simulator", "--state", str(state)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=dict(os.environ, XDG_DATA_HOME=str(tmp / "xdg"), XDG_STATE_HOME=str(tmp / "xdg")),
        )
        deadline = time.monotonic() + 30
        while not (state / "simulator.json").exists():
            if time.monotonic() > deadline or sim_process.poll() is not None:
                print("the simulator process did not start", file=sys.stderr)
                return 1
            time.sleep(0.1)
        time.sleep(0.3)  # its admin port opens just after the file is written
    if not args.new_profile:
        import subprocess

        # what the counter's first start did, once, in its own process: create and migrate the journal
        first_start = ("import sys\nfrom pathlib import Path\nfrom dmp_desktop.storage.ledger import open_ledger\n"
                       "open_ledger(sys.argv[1], spool_dir=Path(sys.argv[2]), workstation='bench').close()")
        subprocess.run([sys.executable, "-c", first_start, settings.database_url, str(tmp)], check=True)
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start_rss = {"imports": rss_mib()}
    reader = PcscReader()
    ledger = open_ledger(settings.database_url, spool_dir=tmp, workstation="bench")
    journal = "new database: migrated" if args.new_profile else "migrated by an earlier start"
    start_rss[f"+ journal ({journal})"] = rss_mib()
    connector = None
    pin_to_session = None
    if args.cps:
        from dataclasses import replace

        from dmp_desktop.app import open_professional
        from dmp_desktop.dmp import open_connector

        connector = open_connector(settings, MemorySecretStore())
        service, simulator = connector.connect(None, None), None  # the connector stops its simulator
        professional = open_professional(settings, connector, "bench")
        assert professional is not None
        t = time.perf_counter()
        professional.login("1234")
        connection = professional.connect()
        pin_to_session = time.perf_counter() - t
    else:
        service, simulator = open_service(settings, MemorySecretStore())
    start_rss["+ DMP service"] = rss_mib()
    counter = CounterServices(
        card_reader=reader, dmp=service, ledger=ledger, renderer=ReportLabRenderer(), printer=QtPrinter(queue),
        clock=_Clock(), pharmacy=settings.pharmacy, pharmacist=settings.pharmacist,
        receipt_format=ReceiptFormat.A4, environment=settings.ins_environment, workstation="bench",
        training=True, printer_name=queue,
    )
    if args.cps:
        counter = replace(counter, dmp=connection.dmp, pharmacist=connection.pharmacist, pharmacy=connection.pharmacy)
    slot_reader = reader_name(args.slot)
    rows: dict[str, list[float]] = {k: [] for k in (
        "card read", "TD0.2", "journal+TD1.1", "TD1.5a+journal", "PDF", "print queued", "whole creation")}
    stage_rss: dict[str, float] = {}  # RSS at the end of each stage of the first run: where memory is taken

    def note(name: str) -> None:
        rss = rss_mib()
        if rss is not None and name not in stage_rss:
            stage_rss[name] = rss

    at_stage = {Stage.OPENING_ACCOUNT: "journal+TD1.1", Stage.RENDERING: "TD1.5a+journal", Stage.PRINTING: "PDF"}

    def progress(stage: Stage, marks: dict[Stage, float]) -> None:
        marks.setdefault(stage, time.perf_counter())
        if stage in at_stage:
            note(at_stage[stage])
    try:
        for i in range(args.warmup + args.runs):
            with VirtualCard(patient_image(i), slot=args.slot):
                wait_card(reader, slot_reader)  # pcscd has seen the card: the pharmacist clicks now
                marks: dict[Stage, float] = {}
                t0 = time.perf_counter()
                card = counter.read_card(slot_reader)
                t1 = time.perf_counter()
                note("card read")
                b = card.beneficiaries[0]
                ins = b.require_ins(counter.environment)
                counter.check_existence(ins)
                t2 = time.perf_counter()
                note("TD0.2")
                order = CreationOrder(b, ins, Consent(True, True), AccountRequest(mobile="+33612345678"))
                report = counter.create(order, progress=functools.partial(progress, marks=marks))
                t3 = time.perf_counter()
                note("print queued")
            if not (report.created and report.printed and report.account):
                print(f"run {i}: not a full creation: {report.outcome} {report.account_error} {report.print_error}",
                      file=sys.stderr)
                return 1
            if i < args.warmup:
                continue
            rows["card read"].append(t1 - t0)
            rows["TD0.2"].append(t2 - t1)
            rows["journal+TD1.1"].append(marks[Stage.OPENING_ACCOUNT] - t2)
            rows["TD1.5a+journal"].append(marks[Stage.RENDERING] - marks[Stage.OPENING_ACCOUNT])
            rows["PDF"].append(marks[Stage.PRINTING] - marks[Stage.RENDERING])
            rows["print queued"].append(t3 - marks[Stage.PRINTING])
            rows["whole creation"].append(t3 - t0)
    finally:
        close = getattr(service, "close", None)
        if close:
            close()
        if simulator is not None:
            simulator.stop()
        if connector is not None:
            connector.close()
        ledger.close()
        reader.close()
        if sim_process is not None:
            sim_process.terminate()
            sim_process.wait(10)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB → MiB on Linux

    where = "in its own process" if args.simulator_process else "embedded (training mode)"
    mode = "mode DIRECTE (training CPS, TLS by its key)" if args.cps else "mode INDIRECTE (structure certificate)"
    print(f"Whole creation at the counter, {args.runs} runs (after {args.warmup} warm-up), loopback, ms; "
          f"DMP simulator {where}; {mode}")
    if pin_to_session is not None:
        print(f"PIN to session ready (login, situation, DMP connection): {pin_to_session * 1000:.1f} ms")
    print(f"{'stage':<18}{'median':>9}{'p90':>9}{'min':>9}{'max':>9}  RSS after, 1st run")
    for name, values in rows.items():
        ms = sorted(v * 1000 for v in values)
        p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
        rss = f"{stage_rss[name]:>9.0f} MiB" if name in stage_rss else ""
        print(f"{name:<18}{statistics.median(ms):>9.1f}{p90:>9.1f}{ms[0]:>9.1f}{ms[-1]:>9.1f}{rss}")
    if all(v is not None for v in start_rss.values()):
        print("RSS at start-up: " + ", ".join(f"{k} {v:.0f} MiB" for k, v in start_rss.items()))
    profile = "first start, new journal" if args.new_profile else "usual day, journal already migrated"
    print(f"\npeak RSS: {peak:.0f} MiB = {peak * 1.048576:.0f} MB ({profile}; at start-up of the benchmark: "
          f"{rss_start / 1024:.0f} MiB); targets: whole creation ≤ 1000 ms, RSS ≤ 200 MB")
    dev_only = [m for m in ("click", "rich", "pygments") if m in sys.modules]
    if dev_only:  # httpx imports its CLI's packages when they are installed; a counter's install has none
        print(f"loaded from the dev venv only (import-linter's dependencies): {', '.join(dev_only)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
