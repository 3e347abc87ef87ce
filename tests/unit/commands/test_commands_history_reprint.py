"""The history's JSON line and table, and the reprint orchestration over the flow fakes (TD1.5d, journal)."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime

import pytest

from dmp_desktop.commands.history import entry_json, format_table, iso_date
from dmp_desktop.commands.ledger import _year, format_year_table
from dmp_desktop.commands.reprint import check_reprintable, reprint
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import OID_INS_C, Ins, InsType, Quality
from dmp_desktop.domain.model import (
    Channel,
    Consent,
    CreationState,
    HistoryEntry,
    JournalPatient,
    Pharmacist,
    Pharmacy,
    ReceiptFormat,
    ReprintKind,
    WebAccount,
    YearStatement,
    fold_search,
)
from dmp_desktop.flow.fakes import FakeDmpService, FakeLedger, FakePrinter, FakeRenderer, FixedClock

AT = datetime(2019, 3, 14, 9, 30, 12, 345678, tzinfo=UTC)
PHARMACY = Pharmacy("Pharmacie du Port", "130001234")
ANNE = Pharmacist("10001234567", "Anne", "Leroy")


def entry(state: CreationState = CreationState.CREATED, *, account: bool = False,
          patient: JournalPatient | None = None, ins: Ins | None = None) -> HistoryEntry:
    return HistoryEntry(
        creation_id="5f0c6d1e-0000-4000-8000-000000000001",
        at=AT,
        state=state,
        workstation="comptoir-1",
        pharmacist_rpps="10000000001",
        pharmacist_name="Camille FORMATION",
        ins=ins or Ins(InsType.INS_C, "1541187387477485562488", OID_INS_C),
        consent=Consent(True, False),
        patient=JournalPatient("Martin", "Jean", "19800512", "Durand", "M") if patient is None else patient,
        channels=(Channel.EMAIL,) if account else (),
        account_channels=(Channel.EMAIL,) if account else None,
        receipt_printed_at=AT if account else None,
        created_at=datetime(2019, 3, 14, 9, 30, 14, tzinfo=UTC),
    )


class JournalingLedger(FakeLedger):
    """The flow's fake ledger, keeping the history calls it does not have yet."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[object, ...]] = []

    def mark_credentials_reset(self, creation_id: str) -> None:
        self._check()
        self.calls.append(("credentials", creation_id))

    def mark_reprinted(self, creation_id: str, kind: ReprintKind, printed: bool) -> None:
        self._check()
        self.calls.append(("reprint", creation_id, kind, printed))


def test_json_line_keys_and_values() -> None:
    line = entry_json(entry(account=True))
    assert json.loads(json.dumps(line)) == {
        "creation_id": "5f0c6d1e-0000-4000-8000-000000000001",
        "created_at": "2019-03-14T09:30:12+00:00",
        "patient": {"last_name": "Martin", "first_name": "Jean", "birth_date": "1980-05-12"},
        "ins_type": "INS-C",
        "pharmacist": {"rpps": "10000000001", "name": "Camille FORMATION"},
        "workstation": "comptoir-1",
        "account": True,
        "printed": True,
        "status": "created",
    }


def test_json_line_of_a_lunar_birth_date_and_of_an_unknown_patient() -> None:
    lunar = entry(patient=JournalPatient("Nguyen", "Lan", "19800000"))
    assert entry_json(lunar)["patient"] == {"last_name": "Nguyen", "first_name": "Lan", "birth_date": "1980-00-00"}
    assert entry_json(entry(CreationState.PENDING, patient=JournalPatient()))["patient"] is None


def test_table_french_words_and_dates() -> None:
    text = format_table([entry(account=True), entry(CreationState.FAILED)])
    assert "MARTIN Jean" in text and "12/05/1980" in text and "14/03/2019" in text
    assert "imprimé" in text and "non imprimé" in text and "créé" in text and "échec" in text
    assert "2 création(s)" in text
    assert "Aucune création" in format_table([])


def test_date_and_year_arguments() -> None:
    assert str(iso_date("2019-03-01")) == "2019-03-01"
    for bad in ("2019-3-1", "20190301", "2019-W09-5", "2019-02-30"):
        with pytest.raises(argparse.ArgumentTypeError):
            iso_date(bad)
    assert _year("2019") == 2019
    for bad in ("19", "1999", "2019-01"):
        with pytest.raises(argparse.ArgumentTypeError):
            _year(bad)


def test_year_table_months_as_french_dates() -> None:
    by_month = {f"2019-{m:02d}": 0 for m in range(1, 13)} | {"2019-03": 1234}
    text = format_year_table(YearStatement(2019, 1234, 1234.0, {"1 A B": 1234}, by_month))
    assert "année 2019" in text and "03/2019    1234" in text and "1 234,00 €" in text and "12/2019" in text


def test_fold_search() -> None:
    assert fold_search("  Hélène d'Orléans-Lefèvre ") == "HELENE D ORLEANS LEFEVRE"
    assert fold_search("Œdipe Bæcker Straße") == "OEDIPE BAECKER STRASSE"
    assert fold_search("%_") == ""


def test_plain_reprint_rebuilds_the_accuse_and_journals_it() -> None:
    ledger, renderer, printer = JournalingLedger(), FakeRenderer(), FakePrinter()
    outcome = reprint(entry(), ledger=ledger, renderer=renderer, printer=printer, pharmacy=PHARMACY,
                      fmt=ReceiptFormat.TICKET80, training=True)
    assert outcome.kind is ReprintKind.PLAIN and outcome.print_result is not None and outcome.error is None
    [data] = renderer.rendered
    assert data.account is None and data.email is None and data.mobile is None and data.training
    b = data.beneficiary
    assert (b.surname, b.first_name, b.birth_date_display, b.birth_name, b.sex) == (
        "Martin", "Jean", "12/05/1980", "Durand", "M")
    assert data.pharmacist.display_name == "Camille FORMATION" and data.pharmacy == PHARMACY
    assert data.created_at == datetime(2019, 3, 14, 9, 30, 14, tzinfo=UTC)  # when it became created
    assert printer.jobs[0][1] is ReceiptFormat.TICKET80
    assert ledger.calls == [("reprint", "5f0c6d1e-0000-4000-8000-000000000001", ReprintKind.PLAIN, True)]


def test_a_reprint_carries_the_day_it_is_printed() -> None:
    renderer = FakeRenderer()
    later = datetime(2019, 4, 2, 8, 0, tzinfo=UTC)
    reprint(entry(), ledger=JournalingLedger(), renderer=renderer, printer=FakePrinter(), pharmacy=PHARMACY,
            fmt=ReceiptFormat.A4, clock=FixedClock(later))
    [data] = renderer.rendered
    assert data.issued_at == later and data.created_at == datetime(2019, 3, 14, 9, 30, 14, tzinfo=UTC)


def test_plain_reprint_to_a_file_is_journaled_as_not_printed() -> None:
    ledger, printer, saved = JournalingLedger(), FakePrinter(), []
    outcome = reprint(entry(), ledger=ledger, renderer=FakeRenderer(), printer=printer, pharmacy=PHARMACY,
                      fmt=ReceiptFormat.A4, save=saved.append)
    assert outcome.saved and saved[0].startswith(b"%PDF") and printer.jobs == []
    assert ledger.calls[0][2:] == (ReprintKind.PLAIN, False)


def test_sex_of_an_ins_nir_comes_from_the_certified_nir() -> None:
    female = entry(ins=Ins(InsType.INS_NIR, "282056912304564", "1.2.250.1.213.1.4.10"),
                   patient=JournalPatient("Martin", "Sophie", "19820518"))
    b = female.beneficiary()
    assert b.sex == "F" and b.certified_nir == "282056912304564" and b.quality is Quality.ASSURE


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (entry(CreationState.FAILED), "failed"),
        (entry(CreationState.PENDING), "pending"),
        (entry(patient=JournalPatient()), "before the history"),
    ],
)
def test_what_cannot_be_reprinted_plain(bad: HistoryEntry, why: str) -> None:
    ledger, printer = JournalingLedger(), FakePrinter()
    with pytest.raises(DomainError) as refused:
        reprint(bad, ledger=ledger, renderer=FakeRenderer(), printer=printer, pharmacy=PHARMACY, fmt=ReceiptFormat.A4)
    assert refused.value.code is ErrorCode.REQUEST_INVALID and why in refused.value.detail
    assert printer.jobs == [] and ledger.calls == []


def _service_with_account(e: HistoryEntry) -> FakeDmpService:
    dmp = FakeDmpService()
    dmp.dmps[e.ins.value] = dmp.test_existence(e.ins, ANNE).status
    dmp.accounts[e.ins.value] = WebAccount("mtef3603", "oldPass1", (Channel.EMAIL,))
    return dmp


def test_new_credentials_td15d_printed_and_journaled() -> None:
    e = entry(account=True)
    dmp, ledger, renderer, printer = _service_with_account(e), JournalingLedger(), FakeRenderer(), FakePrinter()
    outcome = reprint(e, ledger=ledger, renderer=renderer, printer=printer, pharmacy=PHARMACY,
                      fmt=ReceiptFormat.A4, dmp=dmp, pharmacist=ANNE, printer_name="Fake_Printer")
    assert dmp.calls == [("test_existence", e.ins.value), ("reset_credentials", e.ins.value)]
    [data] = renderer.rendered
    assert data.account is not None and data.account.login == "mtef3603"
    assert data.account.temporary_password == "nEw!pass"
    assert outcome.kind is ReprintKind.NEW_CREDENTIALS and outcome.credentials_reset and printer.jobs
    assert ledger.calls == [("credentials", e.creation_id), ("reprint", e.creation_id, ReprintKind.NEW_CREDENTIALS,
                                                             True)]
    assert "nEw!pass" not in repr(outcome) and "nEw!pass" not in repr(ledger.calls)


def test_new_credentials_refused_by_the_service_changes_nothing() -> None:
    e = entry(account=True)
    dmp, ledger, printer = _service_with_account(e), JournalingLedger(), FakePrinter()
    dmp.fail("reset_credentials", ErrorCode.DMP_UNREACHABLE)
    with pytest.raises(DomainError) as failed:
        reprint(e, ledger=ledger, renderer=FakeRenderer(), printer=printer, pharmacy=PHARMACY,
                fmt=ReceiptFormat.A4, dmp=dmp, pharmacist=ANNE)
    assert failed.value.code is ErrorCode.DMP_UNREACHABLE and ledger.calls == [] and printer.jobs == []


def test_new_credentials_whose_print_fails_say_the_password_is_lost() -> None:
    e = entry(account=True)
    dmp, ledger = _service_with_account(e), JournalingLedger()
    printer = FakePrinter(failures=[ErrorCode.PRINTER_STOPPED])
    outcome = reprint(e, ledger=ledger, renderer=FakeRenderer(), printer=printer, pharmacy=PHARMACY,
                      fmt=ReceiptFormat.A4, dmp=dmp, pharmacist=ANNE)
    assert outcome.error is ErrorCode.PRINTER_STOPPED and outcome.credentials_reset
    assert ledger.calls == [("credentials", e.creation_id)]  # issued, journaled; no reprint journaled


def test_a_journal_failure_does_not_hide_the_accuse() -> None:
    ledger, printer = JournalingLedger(), FakePrinter()
    ledger.fail_next(ErrorCode.DB_LOCKED)
    outcome = reprint(entry(), ledger=ledger, renderer=FakeRenderer(), printer=printer, pharmacy=PHARMACY,
                      fmt=ReceiptFormat.A4)
    assert outcome.print_result is not None and outcome.warnings == ("ledger:db_locked",)


def test_check_reprintable_allows_a_creation_with_an_account() -> None:
    check_reprintable(entry(account=True))


def test_plain_reprint_of_a_creation_with_an_account_says_one_was_opened() -> None:
    ledger, renderer, printer = JournalingLedger(), FakeRenderer(), FakePrinter()
    e = entry(account=True)
    outcome = reprint(e, ledger=ledger, renderer=renderer, printer=printer, pharmacy=PHARMACY,
                      fmt=ReceiptFormat.A4)
    [data] = renderer.rendered
    assert data.account is None and data.account_opened_earlier  # no password, but not « no account » either
    assert outcome.kind is ReprintKind.PLAIN and outcome.print_result is not None and printer.jobs
    assert ledger.calls == [("reprint", e.creation_id, ReprintKind.PLAIN, True)]


def test_plain_reprint_without_an_account_says_none_was_opened() -> None:
    renderer = FakeRenderer()
    reprint(entry(), ledger=JournalingLedger(), renderer=renderer, printer=FakePrinter(), pharmacy=PHARMACY,
            fmt=ReceiptFormat.A4)
    [data] = renderer.rendered
    assert data.account is None and not data.account_opened_earlier


def test_new_credentials_accuse_is_not_marked_as_opened_earlier() -> None:
    e = entry(account=True)
    renderer = FakeRenderer()
    reprint(e, ledger=JournalingLedger(), renderer=renderer, printer=FakePrinter(), pharmacy=PHARMACY,
            fmt=ReceiptFormat.A4, dmp=_service_with_account(e), pharmacist=ANNE)
    [data] = renderer.rendered
    assert data.account is not None and not data.account_opened_earlier
