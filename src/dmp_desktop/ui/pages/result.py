"""The result: created (accusé preview, reprint, save as PDF) or the exact problem and what to do."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.ui.messages import Message
from dmp_desktop.ui.pages.base import Page


class ResultPage(Page):
    """What happened, what to hand the patient, and the next move (Nouveau patient is the default)."""

    reprint_requested = Signal()
    save_requested = Signal()
    retry_requested = Signal()  # creation or account, whichever failed
    new_patient_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Résultat"), parent)
        self.details_box = QGroupBox(self.tr("Détails"))
        self.details = QFormLayout(self.details_box)
        self.print_banner = type(self.banner)()
        self.reprint_button = QPushButton(self.tr("&Réimprimer l'accusé"))
        self.save_button = QPushButton(self.tr("Enregistrer en P&DF…"))
        self.retry_button = QPushButton(self.tr("Réessa&yer"))
        self.new_button = QPushButton(self.tr("&Nouveau patient"))
        self.new_button.setObjectName("newPatient")
        self.new_button.setMinimumHeight(36)
        for button in (self.reprint_button, self.save_button, self.retry_button, self.new_button):
            button.setAutoDefault(True)  # Enter presses the focused button
        self.reprint_button.clicked.connect(self.reprint_requested)
        self.save_button.clicked.connect(self.save_requested)
        self.retry_button.clicked.connect(self.retry_requested)
        self.new_button.clicked.connect(self.new_patient_requested)
        for button in (self.reprint_button, self.save_button, self.retry_button):
            button.hide()
        # the wizard places these in its always-visible button bar (action_buttons)
        self.action_buttons = [self.retry_button, self.reprint_button, self.save_button]

        left = QVBoxLayout()
        left.addWidget(self.banner)
        left.addWidget(self.details_box)
        left.addWidget(self.print_banner)
        left.addStretch(1)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setAccessibleName(self.tr("Aperçu de l'accusé de création"))
        self.preview_area = QScrollArea()
        self.preview_area.setWidget(self.preview)
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview_area.setMinimumWidth(300)
        self.preview_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview_area.hide()
        row = QHBoxLayout()
        row.addLayout(left, 3)
        row.addWidget(self.preview_area, 2)
        self.layout_.addLayout(row, 1)
        self._preview_png: bytes | None = None
        self._pixmap: QPixmap | None = None

    # -- what the wizard shows ---------------------------------------------------------------------
    def show_outcome(self, kind: str, title: str, body: str = "") -> None:
        """kind: ok / info / warn / error."""
        self.heading.setText(title)
        self.heading.setAccessibleName(title)
        if body:
            self.banner.show_text(kind, body)
        else:
            self.banner.clear()

    def show_message(self, msg: Message, kind: str = "error") -> None:
        self.heading.setText(msg.text)
        self._error = msg
        self.banner.show_message(msg, kind)
        self.changed.emit()

    def set_details(self, rows: list[tuple[str, str]]) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        for label, value in rows:
            field = QLabel(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            self.details.addRow(label, field)
        self.details_box.setVisible(bool(rows))

    def show_print_status(self, kind: str, title: str, body: str = "") -> None:
        if not title:
            self.print_banner.clear()
        else:
            self.print_banner.show_text(kind, title, body)

    def set_actions(self, *, reprint: bool, save: bool, retry: str | None) -> None:
        """Which buttons apply; `retry` is the retry button's text (None hides it)."""
        self.reprint_button.setVisible(reprint)
        self.save_button.setVisible(save)
        self.retry_button.setVisible(retry is not None)
        if retry is not None:
            self.retry_button.setText(retry)
        self.new_button.setDefault(retry is None)
        self.retry_button.setDefault(retry is not None)

    def set_preview(self, png: bytes | None) -> None:
        self._preview_png = png
        if not png:
            self._pixmap = None
            self.preview.clear()
            self.preview_area.hide()
            return
        self._pixmap = QPixmap()
        self._pixmap.loadFromData(png, "PNG")
        self.preview_area.show()
        self._rescale()

    def _rescale(self) -> None:
        """Fit the accusé to the preview's width (the page scrolls vertically, never sideways)."""
        if self._pixmap is None or self._pixmap.isNull():
            return
        width = max(200, self.preview_area.viewport().width() - 4)
        pixmap = self._pixmap
        if pixmap.width() > width:
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    @property
    def has_preview(self) -> bool:
        return bool(self._preview_png)

    @property
    def valid(self) -> bool:
        return True

    def reset(self) -> None:
        super().reset()
        self.set_details([])
        self.set_preview(None)  # the accusé may show a temporary password: forget it
        self.show_print_status("", "")
        self.set_actions(reprint=False, save=False, retry=None)

    def focus_first(self) -> None:
        (self.retry_button if self.retry_button.isVisible() else self.new_button).setFocus()
