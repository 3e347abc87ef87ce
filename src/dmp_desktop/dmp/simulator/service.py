"""The simulated DMP's rules (brief §8) for TD0.2, TD1.1, TD1.5a/b/d and TD0.3, and the answers it writes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from lxml import etree

from dmp_desktop.dmp.messages import (
    ATTENTION_KEY_SYSTEM,
    DMP_DEVICE_OID,
    OBSERVATION_SYSTEM,
    Transaction,
    hl7_birth_time,
)
from dmp_desktop.dmp.simulator import history, rights
from dmp_desktop.dmp.simulator.state import (
    ACTIVE,
    CLOSED,
    SimulatorState,
    hash_password,
    new_login,
    new_password,
    now_iso,
)
from dmp_desktop.dmp.simulator.verify import Caller, Reject
from dmp_desktop.dmp.xmlsafe import GDP, HABILITATIONS, HL7, PATIENTS, XSI, q, text

_H = {"h": HL7}


def _e(parent: etree._Element, local: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, q(HL7, local), **attrs)


def _bl(parent: etree._Element, value: bool) -> etree._Element:
    el = _e(parent, "value", value="true" if value else "false")
    el.set(q(XSI, "type"), "BL")
    return el


def _hl7_message(
    root_tag: str, interaction: str, request: etree._Element, nsmap: dict[str | None, str]
) -> etree._Element:
    root = etree.Element(q(HL7, root_tag), nsmap=nsmap, ITSVersion="XML_1.0")
    _e(root, "id", root=str(uuid.uuid4()))
    _e(root, "creationTime", value=dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S"))
    _e(root, "interactionId", extension=interaction, root="2.16.840.1.113883.1.6")
    _e(root, "processingCode", code="P")
    _e(root, "processingModeCode", code="T")
    _e(root, "acceptAckCode", code="NE")
    sender = request.find("h:sender/h:device", _H)
    for role, type_code, device in (("receiver", "RCV", sender), ("sender", "SND", None)):
        d = _e(_e(root, role, typeCode=type_code), "device", classCode="DEV", determinerCode="INSTANCE")
        if device is None:
            _e(d, "id", root=DMP_DEVICE_OID)
            _e(d, "softwareName").text = "DMP"
        else:
            id_el = device.find("h:id", _H)
            _e(d, "id", root=str(id_el.get("root", "")) if id_el is not None else "")
            _e(d, "softwareName").text = text(device.find("h:softwareName", _H))
    return root


def _ack(root: etree._Element, request: etree._Element, type_code: str, code: str = "", detail: str = "") -> None:
    ack = _e(root, "acknowledgement", typeCode=type_code)
    target = _e(ack, "targetMessage")
    req_id = request.find("h:id", _H)
    _e(
        target,
        "id",
        extension=str(req_id.get("extension", "")) if req_id is not None else "",
        root=str(req_id.get("root", "")) if req_id is not None else "",
    )
    if code:
        det = _e(ack, "acknowledgementDetail", typeCode="E")
        _e(det, "code", code=code, codeSystem="1.2.250.1.213.1.1.4.12")
        _e(det, "text").text = detail


class DmpRules:
    """One instance per simulator; `mode` 2019 allows creation, 'today' refuses it as the live service does."""

    def __init__(self, state: SimulatorState, mode: str = "2019") -> None:
        if mode not in {"2019", "today"}:
            raise ValueError(f"simulator mode must be 2019 or today, not {mode!r}")
        self.state = state
        self.mode = mode

    def handle(self, tx: Transaction, caller: Caller, ins: str, oid: str, body: etree._Element) -> etree._Element:
        handler = {
            Transaction.TD0_2: self.existence,
            Transaction.TD1_1: self.create,
            Transaction.TD1_5A: self.open_account,
            Transaction.TD1_5B: self.add_channel,
            Transaction.TD1_5D: self.reset_account,
            Transaction.TD0_3: self.authorize,
        }[tx]
        with self.state.lock:
            refused = rights.refusal(tx, caller)
            if refused is None:
                answer = handler(caller, ins, oid, body)
                self._record(tx, caller, ins, answer)
                return answer
            if tx is Transaction.TD1_1:  # TD1.1 answers a refusal in its HL7 acknowledgement
                return self._creation_answer(body, rights.DENIED, refused)
            raise Reject(rights.DENIED, refused)

    def _record(self, tx: Transaction, caller: Caller, ins: str, answer: etree._Element) -> None:
        """An access to an existing DMP goes into its history; a test of a DMP that does not exist, or a call the
        rights refused, reached no DMP."""
        if self.state.get(ins) is None:
            return
        code = answer.find(".//h:acknowledgementDetail/h:code", _H)
        status = str(code.get("code")) if code is not None else text(answer.find(".//{*}status")) or "DMPOk"
        self.state.history.append(history.entry(now_iso(), ins, tx.label, caller, status))
        self.state.save()

    # ---- TD0.2 ---------------------------------------------------------------------------------------

    def existence(self, caller: Caller, ins: str, oid: str, body: etree._Element) -> etree._Element:
        record = self.state.get(ins)
        root = _hl7_message("PRPA_IN201308UV02", "PRPA_IN201308UV02", body, {None: HL7, "ns2": GDP})
        authorisation = "VALIDE" if record and caller.subject_id in record.get("authorised", []) else "NON_EXISTANTE"
        line = _e(root, "attentionLine")
        _e(line, "keyWordText", code="AUTORISATION", codeSystem=ATTENTION_KEY_SYSTEM)
        value = _e(line, "value", code=authorisation, codeSystem="1.2.250.1.213.4.1.2.6.2")
        value.set(q(XSI, "type"), "CV")
        line = _e(root, "attentionLine")
        _e(line, "keyWordText", code="STATUT_MT", codeSystem="1.2.250.1.213.4.1.2.6.3")
        _bl(line, bool(record and record.get("treating_physician")))
        _ack(root, body, "AA")
        cap = _e(root, "controlActProcess", classCode="CACT", moodCode="EVN")
        _e(
            cap,
            "reasonCode",
            code="TEST_EXST",
            codeSystem="1.2.250.1.213.1.1.4.11",
            displayName="Test d’existence de dossier",
        )
        if record is not None:
            event = _e(
                _e(cap, "subject", contextConductionInd="false", typeCode="SUBJ"),
                "registrationEvent",
                classCode="REG",
                moodCode="EVN",
            )
            _e(event, "statusCode", code="completed")
            patient = _e(_e(event, "subject1", typeCode="SBJ"), "patient", classCode="PAT")
            if record.get("insc"):
                _e(patient, "id", extension=record["insc"], root="1.2.250.1.213.1.4.2")
            _e(patient, "id", extension=record["ins"], root=record["oid"])
            _e(patient, "statusCode", code="active" if record["status"] == ACTIVE else "terminated")
            person = _e(patient, "patientPerson", classCode="PSN", determinerCode="INSTANCE")
            name = _e(person, "name")
            _e(name, "given").text = record.get("first_name", "")
            _e(name, "family", qualifier="SP").text = record.get("surname", "")
            if record.get("sex"):
                _e(person, "administrativeGenderCode", code=record["sex"])
            birth = str(record.get("birth_date", ""))  # a card's lunar date goes out at its known precision
            _e(person, "birthTime", value=hl7_birth_time(birth) or birth)
            for code, val in (("COMPTE_INTERNET_OUVERT", bool(record.get("account"))), ("RATTACHEMENT_ENS", False)):
                obs = _e(
                    _e(patient, "subjectOf", typeCode="SBJ"),
                    "administrativeObservation",
                    classCode="OBS",
                    moodCode="EVN",
                )
                _e(
                    obs,
                    "code",
                    code=code,
                    codeSystem="1.2.250.1.213.4.1.2.9" if code.startswith("COMPTE") else OBSERVATION_SYSTEM,
                )
                _bl(obs, val)
            custodian = _e(_e(event, "custodian", typeCode="CST"), "assignedEntity", classCode="ASSIGNED")
            _e(custodian, "id", root=DMP_DEVICE_OID)
        query = body.find("h:controlActProcess/h:queryByParameter/h:queryId", _H)
        qack = _e(cap, "queryAck")
        if query is not None:
            _e(qack, "queryId", extension=str(query.get("extension", "")), root=str(query.get("root", "")))
        _e(qack, "queryResponseCode", code="OK" if record is not None else "NF")
        return root

    # ---- TD1.1 ---------------------------------------------------------------------------------------

    def _creation_answer(self, body: etree._Element, code: str = "", detail: str = "") -> etree._Element:
        wrapper = etree.Element(q(GDP, "PRPA_IN201311UV02_Response"), nsmap={None: HL7, "ns2": GDP})
        inner = "PRPA_IN201313UV02" if code else "PRPA_IN201312UV02"
        message = _hl7_message(inner, inner, body, {None: HL7})
        wrapper.append(message)
        _ack(message, body, "AE" if code else "AA", code, detail)
        return wrapper

    def create(self, caller: Caller, ins: str, oid: str, body: etree._Element) -> etree._Element:
        if self.mode == "today":
            return self._creation_answer(
                body,
                "DMPAccessDeniedByRightsService",
                "La création de DMP n’est plus possible : le DMP est créé automatiquement dans Mon espace santé.",
            )
        record = self.state.get(ins)
        if record is not None and record["status"] == ACTIVE:
            return self._creation_answer(body, "DMPFound", "Un DMP existe déjà pour ce patient")
        if record is not None and record["status"] == CLOSED:
            return self._creation_answer(body, "DMPClosed", "Le DMP de ce patient est fermé")
        patient = body.find("h:controlActProcess/h:subject/h:registrationRequest/h:subject1/h:patient", _H)
        assert patient is not None  # checked by body.check_body
        observations = {}
        for obs in patient.findall("h:subjectOf/h:administrativeObservation", _H):
            code_el, value_el = obs.find("h:code", _H), obs.find("h:value", _H)
            if code_el is not None and value_el is not None:
                observations[code_el.get("code")] = value_el.get("value") == "true"
        if observations.get("CONSENTEMENT_OUVERTURE_DMP") is not True:
            return self._creation_answer(body, "DMPConsentMissing", "Consentement du patient absent")
        person = patient.find("h:patientPerson", _H)
        assert person is not None
        gender = person.find("h:administrativeGenderCode", _H)
        self.state.patients[ins] = {
            "ins": ins,
            "oid": oid,
            "status": ACTIVE,
            "surname": text(person.find("h:name/h:family", _H)),
            "first_name": text(person.find("h:name/h:given", _H)),
            "birth_date": str(person.find("h:birthTime", _H).get("value", ""))
            if person.find("h:birthTime", _H) is not None
            else "",
            "sex": str(gender.get("code", "")) if gender is not None else "",
            "created_at": now_iso(),
            "created_by": caller.subject_id,
            "structure": caller.structure_id,
            "closed_at": None,
            "oppositions": {
                "bris_de_glace": bool(observations.get("OPPOSITION_BRIS_DE_GLACE")),
                "acces_urgence": bool(observations.get("OPPOSITION_ACCES_URGENCE")),
            },
            "authorised": [caller.subject_id],  # the creating professional is authorised
            "account": None,
        }
        # The confirmation goes by e-mail when TD1.1 carried one, else by post (the address the insurer holds).
        telecoms = [str(t.get("value", "")) for t in person.iterfind("h:telecom", _H)]
        mails = [t[7:] for t in telecoms if t.startswith("mailto:")]
        self.state.patients[ins]["telecoms"] = telecoms
        if mails:
            self.state.send(ins, "email", mails[0], "Confirmation de création de votre DMP")
        else:
            self.state.send(
                ins, "letter", "adresse postale (assurance maladie)", "Confirmation de création de votre DMP"
            )
        self.state.save()
        return self._creation_answer(body)

    # ---- TD1.5a/b/d, TD0.3 ---------------------------------------------------------------------------

    def _output(
        self, ns: str, local: str, status: str, context: str = "", login: str = "", password: str = ""
    ) -> etree._Element:
        root = etree.Element(q(ns, local), nsmap={"ns1": ns, "ns2": "urn:com:santeos:dmp:patient:2010"})
        out = etree.SubElement(root, q(ns, "output"))
        if login:
            etree.SubElement(out, q(ns, "login")).text = login
            etree.SubElement(out, q(ns, "password")).text = password
        etree.SubElement(out, q(ns, "status")).text = status
        etree.SubElement(out, q(ns, "context")).text = context or None
        return root

    def _active(self, ins: str) -> dict[str, Any]:
        record = self.state.get(ins)
        if record is None:
            raise Reject("DMPNotFound", "Aucun DMP pour ce patient")
        if record["status"] != ACTIVE:
            raise Reject("DMPClosed", "Le DMP de ce patient est fermé")
        return record

    def _new_credentials(self, record: dict[str, Any]) -> tuple[str, str]:
        taken = {str(r["account"]["login"]) for r in self.state.patients.values() if r.get("account")}
        login, password = new_login(taken), new_password()
        account = dict(record.get("account") or {"channels": {}})
        account.update(login=login, password_hash=hash_password(password))
        record["account"] = account
        return login, password

    def open_account(self, caller: Caller, ins: str, oid: str, body: etree._Element) -> etree._Element:
        local = "createPatientAccessResponse"
        record = self._active(ins)
        if record.get("account"):
            return self._output(PATIENTS, local, "DMPPatientAccessAlreadyExists", "Un accès patient existe déjà")
        kind, canal = text(body.find(q(PATIENTS, "type"))), text(body.find(q(PATIENTS, "canal")))
        if kind not in {"SMS", "EMAIL"}:
            raise Reject("DMPInvalidRequest", f"type de canal inconnu {kind!r}")
        login, password = self._new_credentials(record)
        record["account"]["channels"] = {kind: canal}
        self.state.send(ins, "email" if kind == "EMAIL" else "sms", canal, "Votre accès en ligne à votre DMP")
        self.state.save()
        return self._output(PATIENTS, local, "DMPOk", "", login, password)

    def add_channel(self, caller: Caller, ins: str, oid: str, body: etree._Element) -> etree._Element:
        local = "patientOTPUpdateResponse"
        record = self._active(ins)
        account = record.get("account")
        if not account:
            return self._output(PATIENTS, local, "DMPPatientAccessNotFound", "Aucun accès patient")
        kind, canal = text(body.find(q(PATIENTS, "type"))), text(body.find(q(PATIENTS, "canal")))
        action = text(body.find(q(PATIENTS, "action")))
        channels = account["channels"]
        if action == "AJOUT" and kind in channels:
            return self._output(PATIENTS, local, "DMPPatientAccessOTPAlreadyExists", "Canal OTP déjà présent")
        if action not in {"AJOUT", "MODIFICATION", "SUPPRESSION"} or kind not in {"SMS", "EMAIL"}:
            raise Reject("DMPInvalidRequest", "action ou type de canal inconnu")
        if action == "SUPPRESSION":
            channels.pop(kind, None)
        else:
            channels[kind] = canal
        self.state.save()
        return self._output(PATIENTS, local, "DMPOk", "OTP mis à jour")

    def reset_account(self, caller: Caller, ins: str, oid: str, body: etree._Element) -> etree._Element:
        local = "updatePatientAccessResponse"
        record = self._active(ins)
        if not record.get("account"):
            return self._output(PATIENTS, local, "DMPPatientAccessNotFound", "Aucun accès patient")
        login, password = self._new_credentials(record)
        self.state.save()
        return self._output(PATIENTS, local, "DMPOk", "", login, password)

    def authorize(self, caller: Caller, ins: str, oid: str, body: etree._Element) -> etree._Element:
        local = "setAuthorizationResponse"
        record = self._active(ins)
        action = text(body.find(q(HABILITATIONS, "action")))
        authorised: list[str] = record.setdefault("authorised", [])
        if action == "AJOUT":
            if caller.subject_id in authorised:
                return self._output(HABILITATIONS, local, "DMPOk", "Autorisation déjà présente aucune action effectuée")
            authorised.append(caller.subject_id)
        elif action == "SUPPRESSION":
            if caller.subject_id in authorised:
                authorised.remove(caller.subject_id)
        else:
            raise Reject("DMPInvalidRequest", f"action {action!r} inconnue")
        self.state.save()
        return self._output(HABILITATIONS, local, "DMPOk", "")
