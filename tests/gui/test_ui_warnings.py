"""Warnings (WarningCode) reach the pharmacist as translated text from ui/messages.py, never as an adapter's
sentence or a raw code."""

from __future__ import annotations

from dmp_desktop.domain.errors import ErrorCode, WarningCode
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.ui.messages import missing_warnings, warning_message


def test_every_warning_has_a_message_and_advice(qapp):
    assert missing_warnings() == set()
    texts = set()
    for code in WarningCode:
        msg = warning_message(code)
        assert msg.code is code and msg.text and msg.todo and msg.text != msg.todo and not msg.retryable
        texts.add(msg.text)
    assert len(texts) == len(WarningCode)


def test_a_spooling_ledger_is_told_on_the_result_page(fakes, make_driver):
    fakes.ledger.kept_aside = WarningCode.LEDGER_WAITING
    d = make_driver(fakes)
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.CREATED
    banner = d.view.result_page.print_banner.text()
    assert warning_message(WarningCode.LEDGER_WAITING).text in banner
    assert WarningCode.LEDGER_WAITING.value not in banner


def test_a_lost_journal_write_is_told_too(fakes, make_driver):
    fakes.ledger.fail_next(ErrorCode.DB_UNAVAILABLE)  # the pending entry before TD1.1 cannot be written
    d = make_driver(fakes)
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.CREATED
    assert d.flow.report is not None and d.flow.report.warnings == (WarningCode.LEDGER_WRITE_FAILED,)
    assert warning_message(WarningCode.LEDGER_WRITE_FAILED).text in d.view.result_page.print_banner.text()


def test_every_eligibility_reason_has_a_step1_text() -> None:
    from dmp_desktop.domain.identity import Eligibility
    from dmp_desktop.ui.messages import eligibility_text, missing_eligibility

    assert missing_eligibility() == set()
    assert eligibility_text(Eligibility.NIR_TEMPORARY).startswith("Non : n° de sécurité sociale provisoire")
