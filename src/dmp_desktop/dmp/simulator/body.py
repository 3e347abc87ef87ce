"""What the simulated service checks of a message's body: its schema as far as the simulator relies on it, the
patient's INS (authority, length, the same as the VIHF's resource-id), TD1.1's author and birth date."""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.simulator.verify import CX, Caller, Reject, check_ins
from dmp_desktop.dmp.xmlsafe import HL7, q, text


def resource_ins(caller: Caller) -> tuple[str, str]:
    """(value, oid) from the CX resource-id 'value^^^&oid&ISO^NH' (its shape checked with the claims)."""
    cx = CX.fullmatch(caller.resource_id)
    return (cx["value"], cx["oid"]) if cx else ("", "")


def _same_patient(caller: Caller, ins: str, oid: str) -> tuple[str, str]:
    check_ins(ins, oid, "INS du message")
    if caller.resource_id and resource_ins(caller) != (ins, oid):
        raise Reject("DMPVIHFInvalid", "le resource-id du VIHF désigne un autre patient que le message")
    return ins, oid


_TS = re.compile(r"[0-9]{4}(?:[0-9]{2}(?:[0-9]{2})?)?")


def _check_birth_time(person: etree._Element) -> None:
    """An HL7 TS at the precision known (YYYY, YYYYMM or a calendar YYYYMMDD): never an impossible date."""
    birth = person.find("h:birthTime", {"h": HL7})
    if birth is None or birth.get("nullFlavor"):
        return
    value = str(birth.get("value", ""))
    if not _TS.fullmatch(value):
        raise Reject("DMPInvalidRequest", f"birthTime {value!r} n'est pas une date HL7 (AAAA[MM[JJ]])")
    try:
        dt.date(int(value[:4]), int(value[4:6] or 1), int(value[6:8] or 1))
    except ValueError:
        raise Reject("DMPInvalidRequest", f"birthTime {value!r} : date impossible") from None


def _require(body: etree._Element, path: str, what: str) -> etree._Element:
    found = body.find(path, {"h": HL7})
    if found is None:
        raise Reject("DMPInvalidRequest", f"message non conforme : {what} absent")
    return found


def check_body(tx: Transaction, body: etree._Element | None, caller: Caller) -> tuple[str, str]:
    """The message schema, as far as the simulator relies on it; returns the patient's (INS, OID)."""
    if body is None:
        raise Reject("DMPInvalidRequest", "Body vide")
    expected = {
        Transaction.TD0_2: q(HL7, "PRPA_IN201307UV02"),
        Transaction.TD1_1: q(HL7, "PRPA_IN201311UV02"),
        Transaction.TD1_5A: "{urn:si-dmp-patients}createPatientAccess",
        Transaction.TD1_5B: "{urn:si-dmp-patients}patientOTPUpdate",
        Transaction.TD1_5D: "{urn:si-dmp-patients}updatePatientAccess",
        Transaction.TD0_3: "{urn:si-dmp-habilitations}setAuthorization",
    }[tx]
    if body.tag != expected:
        raise Reject("DMPInvalidRequest", f"élément {body.tag} inattendu pour {tx.label}")
    if tx is Transaction.TD0_2:
        _require(body, "h:interactionId", "interactionId")
        reason = _require(body, "h:controlActProcess/h:reasonCode", "reasonCode")
        if reason.get("code") != "TEST_EXST":
            raise Reject("DMPInvalidRequest", "reasonCode TEST_EXST attendu")
        value = _require(
            body,
            "h:controlActProcess/h:queryByParameter/h:parameterList/h:patientIdentifier/h:value",
            "patientIdentifier",
        )
        return _same_patient(caller, str(value.get("extension", "")), str(value.get("root", "")))
    if tx is Transaction.TD1_1:
        for path, what in (
            ("h:interactionId", "interactionId"),
            ("h:controlActProcess/h:reasonCode", "reasonCode"),
            (
                "h:controlActProcess/h:subject/h:registrationRequest/h:subject1/h:patient/h:patientPerson/h:name",
                "patientPerson/name",
            ),
            ("h:controlActProcess/h:subject/h:registrationRequest/h:author/h:assignedEntity/h:id", "author/id"),
        ):
            _require(body, path, what)
        registration = "h:controlActProcess/h:subject/h:registrationRequest/"
        author = _require(body, registration + "h:author/h:assignedEntity/h:id", "author/id")
        if author.get("extension") != caller.subject_id:
            raise Reject("DMPInvalidRequest", "author/id n'est pas le professionnel du VIHF (NameID)")
        _check_birth_time(_require(body, registration + "h:subject1/h:patient/h:patientPerson", "patientPerson"))
        pid = _require(body, registration + "h:subject1/h:patient/h:id", "patient/id")
        return _same_patient(caller, str(pid.get("extension", "")), str(pid.get("root", "")))
    if not caller.resource_id:
        raise Reject("DMPVIHFInvalid", f"{tx.label} : l'INS du patient (resource-id) est absent du VIHF")
    ns = etree.QName(body).namespace
    required = {
        Transaction.TD1_5A: ("type", "canal"),
        Transaction.TD1_5B: ("type", "canal", "action"),
        Transaction.TD0_3: ("action",),
    }.get(tx, ())
    for local in required:
        if not text(body.find(f"{{{ns}}}{local}")):
            raise Reject("DMPInvalidRequest", f"message non conforme : {local} absent")
    return resource_ins(caller)
