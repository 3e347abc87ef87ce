"""The result page's accusé: its preview (rendered in the pool), « Imprimer sur… » another printer, save as PDF."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.outcomes import CreationReport
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.messages import message
from dmp_desktop.ui.pages.result import ResultPage
from dmp_desktop.ui.runner import Runner
from dmp_desktop.ui.services import UiServices

ChoosePrinter = Callable[[list[str], str | None], str | None]  # (printers, current) -> chosen, None: cancelled


class ReceiptActions(QObject):
    """What the result page does with the accusé; `reset()` forgets this visit's printer and preview."""

    def __init__(
        self, parent: QWidget, flow: Wizard, services: UiServices, runner: Runner, page: ResultPage,
        send: Callable[[ev.Event], object], choose_printer: ChoosePrinter,
    ) -> None:
        super().__init__(parent)
        self._parent, self._flow, self._services, self._runner, self._page = parent, flow, services, runner, page
        self._send, self._choose_printer = send, choose_printer
        self.printer_choice: str | None = None  # « Imprimer sur… »: this visit's printer, over the settings'
        self._preview_for: bytes | None = None  # the PDF whose preview is shown (in memory only)

    def reset(self) -> None:
        self._preview_for = None
        self.printer_choice = None

    @property
    def printer_name(self) -> str | None:
        """Where the accusé prints now: « Imprimer sur… » for this visit, else Paramètres (read at each print,
        so a printer saved there applies without a restart), else the system default (None)."""
        return self.printer_choice or self._services.settings.printer.name or None

    def print_on(self) -> None:
        """« Imprimer sur… »: list the printers (off the GUI thread: CUPS may be slow), ask, print there."""
        services = self._services

        def names() -> list[str]:
            return list(services.wait_steps().printer.printers())

        def chosen(printers: list[str]) -> None:
            if not printers:
                self._page.show_print_status("error", message(ErrorCode.PRINTER_NONE).text)
                return
            name = self._choose_printer(printers, self.printer_name)
            if name is not None:
                self.printer_choice = name
                self._send(ev.PrintRequested())

        self._runner.submit(names, chosen, lambda _e: chosen([]))

    def save_pdf(self) -> None:
        from dmp_desktop.ui.save import save_receipt

        report = self._flow.report
        if report is not None and report.pdf:
            save_receipt(self._parent, report.pdf, report.account is not None)

    def preview(self, report: CreationReport) -> None:
        """Render the first page of the accusé off the GUI thread, once per PDF (a new one after an account
        retry: the preview must show the credentials the patient is handed)."""
        preview = self._services.preview
        pdf = report.pdf
        # compare the bytes object itself (kept referenced), never id(): a freed PDF's id can be reused
        if preview is None or not pdf or self._preview_for is pdf:
            return
        self._preview_for = pdf

        def done(png: bytes) -> None:
            current = self._flow.report
            if current is not None and current.pdf is pdf:
                self._page.set_preview(png)

        ratio = self._page.devicePixelRatioF()  # read here: widgets belong to the GUI thread
        self._runner.submit(lambda: preview(pdf, ratio), done, lambda _e: self._page.set_preview(None))
