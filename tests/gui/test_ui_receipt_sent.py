"""Never lose an accusé: sent is not printed, leaving asks until it is seen, another printer at once, a sharp
preview at 150 %."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from dmp_desktop.flow.wizard import Step
from dmp_desktop.settings import PrinterSettings
from dmp_desktop.ui.questions import LeaveReason


def _with_account(d) -> None:
    d.to_consent()
    d.consent()
    d.account(wants=True, email="jean.martin@example.fr")
    d.create()
    assert d.flow.report is not None and d.flow.report.account is not None


def test_the_page_says_sent_and_asks_whether_it_came_out(driver):
    d = driver
    _with_account(d)
    page = d.view.result_page
    assert "Envoyé à l’imprimante « Fake_Printer »" in page.print_banner.text()
    assert "imprimé sur" not in page.print_banner.text()
    assert page.sent_label.isVisible() and page.sent_label.text() == "L’accusé est-il sorti ?"
    assert page.confirm_button.text() == "&Oui, il est sorti" and page.again_button.text() == "&Non : Réimprimer"
    assert "« Réimprimer »" in page.print_banner.text()  # the advice names the button that does it
    assert not page.reprint_button.isVisible()  # one reprint button while the question is asked
    d.click(page.again_button)  # « Non : Réimprimer »: the existing reprint
    assert len(d.fakes.printer.jobs) == 2 and not d.flow.receipt_confirmed
    d.click(page.confirm_button)
    assert d.flow.receipt_confirmed and not d.flow.unconfirmed_credentials
    assert not page.sent_question.isVisible() and page.print_banner.kind == "ok"
    assert "sorti" in page.print_banner.text() and page.reprint_button.isVisible()


def test_nouveau_patient_asks_while_the_credentials_are_unconfirmed(driver):
    d = driver
    _with_account(d)
    asked: list[LeaveReason] = []
    d.view.confirm_leave = lambda reason: asked.append(reason) or False  # « No »: the default, stay
    d.click(d.view.result_page.new_button)
    assert asked == [LeaveReason.UNCONFIRMED] and d.flow.step is Step.RESULT and d.flow.report is not None
    d.click(d.view.result_page.confirm_button)
    d.click(d.view.result_page.new_button)
    assert asked == [LeaveReason.UNCONFIRMED] and d.flow.step is Step.IDENTIFY  # confirmed: no question


def test_closing_the_window_or_quitter_asks_too(driver):
    d = driver
    _with_account(d)
    asked: list[LeaveReason] = []
    d.view.confirm_leave = lambda reason: asked.append(reason) or False
    assert not d.window.close()  # the window's ✕
    quit_action = next(a for a in d.window.findChildren(type(d.window.settings_action)) if a.text() == "&Quitter")
    quit_action.trigger()
    assert asked == [LeaveReason.UNCONFIRMED] * 2 and d.window.isVisible() and d.flow.report is not None
    d.view.confirm_leave = lambda reason: asked.append(reason) or True
    assert d.window.close() and len(asked) == 3


def test_an_accuse_without_credentials_leaves_without_asking(driver):
    d = driver
    d.view.confirm_leave = lambda reason: (_ for _ in ()).throw(AssertionError(f"asked {reason}"))
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.view.result_page.confirm_button.isVisible()  # still asked, never required
    d.click(d.view.result_page.new_button)
    assert d.flow.step is Step.IDENTIFY


def test_imprimer_sur_prints_on_the_printer_chosen_at_once(fakes, make_driver):
    fakes.printer.names = ["Fake_Printer", "Bureau"]
    d = make_driver(fakes)
    _with_account(d)
    offered: list[tuple[list[str], str | None]] = []
    d.view.choose_printer = lambda names, current: offered.append((names, current)) or "Bureau"
    d.click(d.view.result_page.print_on_button)
    d.idle()
    assert offered == [(["Fake_Printer", "Bureau"], None)]  # the StepServices' printers, the default current
    assert d.fakes.printer.jobs[-1][2] == "Bureau" and len(d.fakes.printer.jobs) == 2
    assert "« Bureau »" in d.view.result_page.print_banner.text()
    d.click(d.view.result_page.again_button)  # the reprints of this visit stay on it
    assert d.fakes.printer.jobs[-1][2] == "Bureau"
    d.click(d.view.result_page.confirm_button)
    d.click(d.view.result_page.new_button)
    assert d.view.printer_name is None  # the next patient: the settings' printer again


def test_imprimer_sur_closed_prints_nothing(fakes, make_driver):
    fakes.printer.names = ["Fake_Printer", "Bureau"]
    d = make_driver(fakes)
    _with_account(d)
    d.view.choose_printer = lambda names, current: None
    d.click(d.view.result_page.print_on_button)
    d.idle()
    assert len(d.fakes.printer.jobs) == 1


def test_a_printer_saved_in_parametres_applies_without_a_restart(fakes, make_driver):
    fakes.printer.names = ["Fake_Printer", "Bureau"]
    d = make_driver(fakes)
    saved = []
    d.window.services.save_settings = saved.append

    def edit_and_save() -> None:
        dialog = QApplication.activeModalWidget()
        d.qtbot.waitUntil(lambda: dialog.printer.findData("Bureau") >= 0, timeout=3000)  # listed off the GUI thread
        dialog.printer.setCurrentIndex(dialog.printer.findData("Bureau"))
        dialog.save()

    QTimer.singleShot(0, edit_and_save)
    d.window.settings_action.trigger()
    assert saved and saved[0].printer.name == "Bureau"
    _with_account(d)  # the creation's own print, with no restart in between
    assert [job[2] for job in d.fakes.printer.jobs] == ["Bureau"]
    d.window.apply_settings(replace(d.window.settings, printer=PrinterSettings(name="Fake_Printer")))
    d.click(d.view.result_page.again_button)
    assert d.fakes.printer.jobs[-1][2] == "Fake_Printer"


def _png(width: int) -> bytes:
    image = QImage(width, width * 2, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_the_preview_is_drawn_for_the_screens_pixel_ratio(fakes, make_driver):
    ratios: list[float] = []

    def preview(pdf: bytes, ratio: float) -> bytes:
        ratios.append(ratio)
        return _png(round(600 * ratio))  # as receipts.preview.page_png: 600 logical pixels at that ratio

    d = make_driver(fakes, preview=preview)
    page = d.view.result_page
    page.devicePixelRatioF = lambda: 1.5  # a 150 % screen (offscreen is 1.0)
    handed = []  # what the label is given (QLabel.pixmap() answers for the offscreen screen's ratio)
    set_pixmap = page.preview.setPixmap
    page.preview.setPixmap = lambda pixmap: handed.append(pixmap) or set_pixmap(pixmap)
    _with_account(d)
    d.qtbot.waitUntil(lambda: page.has_preview, timeout=3000)
    assert ratios == [1.5]
    shown = handed[-1]
    assert shown.devicePixelRatio() == 1.5  # not blown up: one image pixel per device pixel
    viewport = page.preview_area.viewport().width()
    assert shown.width() / 1.5 <= viewport  # fits the preview in logical pixels, never sideways
    assert shown.width() > viewport  # more device pixels than logical ones: sharp at 150 %
