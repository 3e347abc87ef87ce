"""The whole wizard, one test per branch of the counter visit, driven through the widgets on the flow fakes."""

from __future__ import annotations

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import InsEnvironment
from dmp_desktop.domain.model import Channel, CreationState, DmpStatus
from dmp_desktop.flow.fakes import FakeDmpService, sample_card
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import Step
from dmp_desktop.ui.questions import LeaveReason


def _ins_of(index: int = 0) -> str:
    b = sample_card().beneficiaries[index]
    ins = b.ins(InsEnvironment.TEST)
    assert ins is not None
    return ins.value


def test_new_dmp_without_account_prints_the_plain_accuse(driver):
    d = driver
    d.to_consent()
    d.consent(emergency=False)
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.CREATED
    assert d.fakes.dmp.count("create") == 1 and d.fakes.dmp.count("open_web_account") == 0
    assert len(d.fakes.printer.jobs) == 1
    entry = next(iter(d.fakes.ledger.entries.values()))
    assert entry.state is CreationState.CREATED and entry.receipt_printed
    assert entry.record.consent.emergency_access is False
    page = d.view.result_page
    assert page.heading.text() == "DMP créé"
    assert "Envoyé à l’imprimante « Fake_Printer »" in page.print_banner.text()  # sent is not printed
    assert page.again_button.isVisible() and page.save_button.isVisible()  # « Non : Réimprimer » is the reprint
    assert not page.retry_button.isVisible()
    assert d.fakes.renderer.rendered[-1].account is None


def test_new_dmp_with_account_shows_login_and_sends_both_channels(driver):
    d = driver
    d.to_consent()
    d.consent()
    d.account(wants=True, email="jean.martin@example.fr", mobile="06 12 34 56 78")
    assert "06 12 34 56 78" in d.view.account_page.summary.text()  # as the patient says it
    d.create()
    report = d.flow.report
    assert report is not None and report.account is not None
    assert report.order.account is not None and report.order.account.mobile == "+33612345678"  # sent in E.164
    assert set(report.channels) == {Channel.SMS, Channel.EMAIL}
    texts = [d.view.result_page.details.itemAt(i).widget().text() for i in range(d.view.result_page.details.count())
             if d.view.result_page.details.itemAt(i).widget() is not None]
    assert report.account.login in texts
    assert all("cbC!bqf3" not in t for t in texts)  # the temporary password is on paper only
    assert d.fakes.renderer.rendered[-1].account is not None


def test_existing_dmp_ends_with_nothing_created(fakes, make_driver):
    fakes.dmp.dmps[_ins_of(0)] = DmpStatus.EXISTS
    d = make_driver(fakes)
    d.insert()
    d.select(0)
    d.click(d.view.next_button)
    d.at(Step.RESULT)
    assert d.flow.outcome is Outcome.ALREADY_EXISTS
    assert "déjà un DMP" in d.view.result_page.heading.text()
    assert d.fakes.dmp.count("create") == 0 and not d.fakes.ledger.entries


def test_closed_dmp_says_so(fakes, make_driver):
    fakes.dmp.dmps[_ins_of(1)] = DmpStatus.CLOSED
    d = make_driver(fakes)
    d.insert()
    d.select(1)
    d.click(d.view.next_button)
    d.at(Step.RESULT)
    assert d.flow.outcome is Outcome.CLOSED
    assert "fermé" in d.view.result_page.heading.text()
    assert d.fakes.dmp.count("create") == 0


def test_refused_creation_explains_mon_espace_sante(fakes, make_driver):
    fakes.dmp = FakeDmpService(refuse_creation=True)
    d = make_driver(fakes)
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.REFUSED
    assert "Mon espace santé" in d.view.result_page.banner.text()
    assert not d.fakes.printer.jobs


def test_service_down_then_retry(fakes, make_driver):
    fakes.dmp.fail("test_existence", ErrorCode.DMP_UNREACHABLE)
    d = make_driver(fakes)
    d.insert()
    d.select(0)
    d.click(d.view.next_button)
    d.at(Step.CONNECT)
    page = d.view.connect_page
    assert page.retry_button.isVisible()
    assert "injoignable" in page.banner.text()
    d.click(page.retry_button)
    d.at(Step.CONSENT)
    assert d.fakes.dmp.count("test_existence") == 2


def test_account_failed_then_retry_never_creates_twice(fakes, make_driver):
    fakes.dmp.fail("open_web_account", ErrorCode.DMP_ERROR)
    d = make_driver(fakes)
    d.to_consent()
    d.consent()
    d.account(wants=True, email="jean.martin@example.fr")
    d.create()
    report = d.flow.report
    assert report is not None and report.created and report.account_pending
    page = d.view.result_page
    assert page.retry_button.isVisible() and "compte" in page.retry_button.text()
    assert "Compte d’accès non créé" in page.print_banner.text()
    d.click(page.retry_button)
    report = d.flow.report
    assert report is not None and report.account is not None
    assert d.fakes.dmp.count("create") == 1 and d.fakes.dmp.count("open_web_account") == 2
    assert not page.retry_button.isVisible()


def test_printer_failure_then_reprint(fakes, make_driver):
    fakes.printer.failures.append(ErrorCode.PRINTER_STOPPED)
    d = make_driver(fakes)
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.CREATED
    page = d.view.result_page
    assert "arrêtée" in page.print_banner.text()
    assert page.print_banner.kind == "error"
    d.click(page.reprint_button)
    assert len(d.fakes.printer.jobs) == 1
    assert page.print_banner.kind == "info" and page.confirm_button.isVisible()  # sent; did it come out?
    d.click(page.confirm_button)
    assert page.print_banner.kind == "ok" and not page.sent_question.isVisible()


def test_creation_unreachable_then_retry_creation(fakes, make_driver):
    fakes.dmp.fail("create", ErrorCode.DMP_SOAP_FAULT)
    d = make_driver(fakes)
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.ERROR
    page = d.view.result_page
    assert page.heading.text() == "Le DMP n’a pas été créé"
    assert page.retry_button.isVisible()
    d.click(page.retry_button)
    d.at(Step.RESULT)
    assert d.flow.outcome is Outcome.CREATED
    assert d.fakes.dmp.count("create") == 2


def test_unconfirmed_creation_says_so_then_retry_confirms_it(fakes, make_driver):
    d = make_driver(fakes)
    d.to_consent()
    fakes.dmp.fail("create", ErrorCode.DMP_TIMEOUT, applied=True)  # created, the answer lost...
    fakes.dmp.fail("test_existence", ErrorCode.DMP_TIMEOUT, times=5)  # ...and every TD0.2 re-check too
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.PENDING
    page = d.view.result_page
    assert page.heading.text() == "Création non confirmée"  # not "Le DMP n'a pas été créé"
    assert page.retry_button.isVisible()
    d.click(page.retry_button)  # TD1.1 → DMPFound on our own pending entry → TD0.2 → ours
    d.at(Step.RESULT)
    assert d.flow.outcome is Outcome.CREATED
    assert [e.state.value for e in fakes.ledger.entries.values()] == ["created"]


def test_new_patient_forgets_everything(driver):
    d = driver
    d.to_consent()
    d.consent()
    d.account(wants=True, email="jean.martin@example.fr")
    d.create()
    d.remove()
    d.click(d.view.result_page.new_button)
    assert d.flow.step is Step.IDENTIFY and d.flow.report is None
    assert not d.view.result_page.has_preview
    assert d.view.account_page.email.text() == "" and not d.view.consent_page.oral.isChecked()
    assert d.view.consent_page.emergency.checkedButton() is None


def test_card_read_failure_then_retry(fakes, make_driver):
    fakes.reader.fail_next(ErrorCode.CARD_STATUS)
    d = make_driver(fakes)
    d.insert()
    page = d.view.identify_page
    assert "pas pu être lue" in page.banner.text()
    assert "Réessayer" in page.read_button.text()
    d.click(page.read_button)
    assert d.flow.card is not None and page.table.rowCount() == 3


def test_dependant_without_own_nir_cannot_go_on(driver):
    d = driver
    d.insert()
    d.select(2)
    assert not d.view.next_button.isEnabled()
    assert "propre numéro" in d.view.identify_page.banner.text()


def test_leaving_without_credentials_asks_first(fakes, make_driver):
    fakes.dmp.fail("open_web_account", ErrorCode.DMP_ERROR)
    d = make_driver(fakes)
    d.to_consent()
    d.consent()
    d.account(wants=True, email="jean.martin@example.fr")
    d.create()
    asked = []
    d.view.confirm_leave = lambda pending: asked.append(pending) or False
    d.click(d.view.result_page.new_button)
    assert asked == [LeaveReason.ACCOUNT] and d.flow.step is Step.RESULT  # stayed: the account can still be retried
    d.view.confirm_leave = lambda pending: asked.append(pending) or True
    d.click(d.view.result_page.new_button)
    assert d.flow.step is Step.IDENTIFY and d.flow.report is None


def test_printed_creation_moves_on_without_asking(driver):
    d = driver
    d.view.confirm_leave = lambda pending: (_ for _ in ()).throw(AssertionError("asked"))
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    d.click(d.view.result_page.new_button)
    assert d.flow.step is Step.IDENTIFY


def _png_of(pdf: bytes) -> bytes:
    """A real PNG whose width encodes which PDF it shows (the preview callable of app.py renders QtPdf)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    image = QImage(100 + len(pdf) % 200, 50, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_preview_follows_the_accuse_after_an_account_retry(fakes, make_driver):
    fakes.dmp.fail("open_web_account", ErrorCode.DMP_TIMEOUT)
    previewed: list[bytes] = []

    def preview(pdf: bytes, _ratio: float) -> bytes:
        previewed.append(pdf)
        return _png_of(pdf)

    d = make_driver(fakes, preview=preview)
    d.to_consent()
    d.consent()
    d.account(wants=True, email="jean.martin@example.fr")
    d.create()
    assert not d.view.result_page.has_preview  # no accusé yet: the account is pending
    d.click(d.view.result_page.reprint_button)  # the plain accusé meanwhile
    d.qtbot.waitUntil(lambda: d.view.result_page.has_preview)
    assert previewed[-1].endswith(b" -")  # FakeRenderer: no login on the plain accusé
    d.click(d.view.result_page.retry_button)
    d.qtbot.waitUntil(lambda: len(previewed) == 2)
    assert previewed[-1] == d.flow.report.pdf and previewed[-1].endswith(d.flow.report.account.login.encode())
    d.qtbot.waitUntil(lambda: d.view.result_page.preview.pixmap().width() == 100 + len(previewed[-1]) % 200)


def test_the_screen_never_diverges_from_the_flow(driver):
    """A lost change signal cannot leave a ticked box the flow does not know: the next redraw shows the
    flow's state again, and apply() states the page's answers before Next."""
    d = driver
    d.to_consent()
    page = d.view.consent_page
    page.oral.blockSignals(True)  # simulate a lost toggled() signal
    page.oral.setChecked(True)
    page.oral.blockSignals(False)
    page.no.click()  # any event redraws
    assert page.oral.isChecked() is d.flow.oral_consent is False
    page.oral.blockSignals(True)
    page.oral.setChecked(True)
    page.oral.blockSignals(False)
    d.view.go_next()  # apply() first: the flow gets what the page shows
    d.idle()
    assert d.flow.step is Step.ACCOUNT and d.flow.consent.oral_consent and d.flow.emergency_access is False


def test_card_of_another_patient_than_the_hosts_is_refused(fakes, make_driver):
    d = make_driver(fakes, expected_nir="255081416802538")
    d.insert()
    assert d.flow.selected_index is None
    assert "pas celle du patient attendu" in d.view.identify_page.banner.text()
    d.select(0)
    assert not d.view.next_button.isEnabled()
