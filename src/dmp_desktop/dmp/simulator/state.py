"""The simulator's persistent state: one record per INS, web accounts (salted hash only), outbox, preload."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import string
import threading
from pathlib import Path
from typing import Any

from dmp_desktop import resource_files
from dmp_desktop.domain.identity import Beneficiary, InsEnvironment, Quality

ACTIVE = "active"
CLOSED = "closed"
# Which shipped training card holds which DMP state (everyone else: not created).
PRELOADED_CARDS = {"dmp-existant.json": ACTIVE, "dmp-ferme.json": CLOSED}
# The official kit's patient (TD0.2 sample): active, web account open, treating-physician flag.
KIT_PATIENT = {
    "ins": "207058575627097",
    "oid": "1.2.250.1.213.1.4.10",
    "status": ACTIVE,
    "surname": "PATB-QUATRE",
    "first_name": "LAURENCE",
    "birth_date": "19070525",
    "sex": "M",
    "insc": "1197854176879056415520",
}
PASSWORD_ALPHABET = string.ascii_letters + string.digits + "!#="


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """scrypt with a random salt; only this string is ever stored."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    _, n, r, p, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    return hmac.compare_digest(candidate.hex(), digest)


def new_login(taken: set[str]) -> str:
    while True:
        login = "".join(secrets.choice(string.ascii_lowercase) for _ in range(4)) + "".join(
            secrets.choice(string.digits) for _ in range(4)
        )
        if login not in taken:
            return login


def new_password() -> str:
    """8 characters from the samples' alphabet, at least one lower, upper and digit."""
    while True:
        value = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(8))
        if any(c.islower() for c in value) and any(c.isupper() for c in value) and any(c.isdigit() for c in value):
            return value


def _card_beneficiaries(data: dict[str, Any]) -> list[Beneficiary]:
    out = []
    for index, raw in enumerate(data["beneficiaries"]):
        out.append(
            Beneficiary(
                index=index,
                surname=raw["surname"],
                first_name=raw["first_name"],
                birth_date=raw["birth_date"],
                holder_nir=data["holder_nir"],
                birth_name=raw.get("birth_name", ""),
                birth_rank=int(raw.get("birth_rank", 1)),
                quality=Quality(raw.get("quality", "assure")),
                certified_nir=raw.get("certified_nir"),
            )
        )
    return out


def training_cards() -> dict[str, list[Beneficiary]]:
    """The shipped training cards (JSON) as domain beneficiaries, by file name."""
    return {
        entry.name: _card_beneficiaries(json.loads(entry.read_text(encoding="utf-8")))
        for entry in resource_files.files(resource_files.TRAINING_CARDS, ".json")
    }


def preload_records() -> dict[str, dict[str, Any]]:
    """Records for the preloaded patients, INS computed with the domain rules (test OID for INS-NIR)."""
    records: dict[str, dict[str, Any]] = {}
    cards = training_cards()
    for card, status in PRELOADED_CARDS.items():
        for beneficiary in cards.get(card, []):
            ins = beneficiary.ins(InsEnvironment.TEST)
            if ins is None:
                continue
            records[ins.value] = {
                "ins": ins.value,
                "oid": ins.oid,
                "status": status,
                "surname": beneficiary.surname,
                "first_name": beneficiary.first_name,
                "birth_date": beneficiary.birth_date,
                "sex": beneficiary.sex,
                "created_at": "2019-03-01T09:00:00+00:00",
                "closed_at": "2020-06-30T09:00:00+00:00" if status == CLOSED else None,
                "oppositions": {"bris_de_glace": False, "acces_urgence": False},
                "authorised": [],
                "account": None,
            }
    kit: dict[str, Any] = dict(KIT_PATIENT)
    kit.update(
        created_at="2019-06-26T08:00:00+00:00",
        closed_at=None,
        authorised=[],
        treating_physician=True,
        oppositions={"bris_de_glace": False, "acces_urgence": False},
        account={
            "login": "mtef3603",
            "password_hash": hash_password(secrets.token_urlsafe(12)),
            "channels": {"EMAIL": "alain@gmail.com", "SMS": "0102030405"},
        },
    )
    records[str(kit["ins"])] = kit
    return records


class SimulatorState:
    """Thread-safe state, saved to DIR/state.json after every change (atomic replace)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()
        # Names, birth dates, INS, e-mail and mobile: the folder 0700 and the file 0600, whatever the umask.
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        if path.exists():
            os.chmod(path, 0o600)
        if path.exists():
            raw = json.loads(path.read_text(encoding="utf-8"))
        else:
            raw = {"patients": preload_records(), "outbox": []}
        self.patients: dict[str, dict[str, Any]] = raw["patients"]
        self.outbox: list[dict[str, Any]] = raw["outbox"]
        self.history: list[dict[str, Any]] = raw.get("history", [])  # accesses to each DMP (history.py)
        if not path.exists():
            self.save()

    def save(self) -> None:
        with self.lock:
            tmp = self.path.with_suffix(".tmp")
            data = {"patients": self.patients, "outbox": self.outbox, "history": self.history}
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # a leftover tmp file keeps its old mode through O_TRUNC
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(json.dumps(data, indent=1))
            os.replace(tmp, self.path)

    def get(self, ins: str) -> dict[str, Any] | None:
        with self.lock:
            return self.patients.get(ins)

    def send(self, ins: str, kind: str, to: str, subject: str) -> None:
        """Record what the service would mail or post to the patient (never a password)."""
        with self.lock:
            self.outbox.append({"at": now_iso(), "ins": ins, "kind": kind, "to": to, "subject": subject})

    def public_view(self) -> dict[str, Any]:
        """For the admin endpoint: everything but the password hashes."""
        with self.lock:
            patients = {}
            for key, record in self.patients.items():
                copy = {k: v for k, v in record.items() if k != "account"}
                account = record.get("account")
                copy["account"] = (
                    {"login": account["login"], "channels": dict(account["channels"])} if account else None
                )
                patients[key] = copy
            return {"patients": patients, "outbox": list(self.outbox)}
