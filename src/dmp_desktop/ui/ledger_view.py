"""The ledger: DMP created per month over the last 12 months (1 € each), a bar chart, CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.model import LedgerStatement
from dmp_desktop.ui.messages import message
from dmp_desktop.ui.runner import Runner
from dmp_desktop.ui.services import UiServices


def last_months(today: date, count: int = 12) -> list[str]:
    """YYYY-MM of the `count` months ending with today's, oldest first."""
    y, m = today.year, today.month
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def statements_csv(statements: list[LedgerStatement]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")  # ';': what French Excel opens
    writer.writerow(["mois", "dmp_crees", "montant_eur"])
    for s in statements:
        writer.writerow([s.month, s.count, f"{s.amount_eur:.2f}".replace(".", ",")])
    return buf.getvalue()


class BarChart(QWidget):
    """Bars drawn with QPainter: one per month, the count above each bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[tuple[str, int]] = []
        self.setMinimumHeight(200)
        self.setAccessibleName(self.tr("Graphique des DMP créés par mois"))

    def set_values(self, values: list[tuple[str, int]]) -> None:
        self.values = values
        self.setAccessibleDescription(", ".join(f"{m}: {c}" for m, c in values))
        self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.values:
            return
        fm = painter.fontMetrics()
        left, right, top, bottom = 10, 10, fm.height() + 6, fm.height() + 10
        w = self.width() - left - right
        h = self.height() - top - bottom
        peak = max(max(c for _, c in self.values), 1)
        slot = w / len(self.values)
        bar = slot * 0.62
        painter.setPen(QPen(QColor("#9aa5b1")))
        painter.drawLine(left, top + h, left + w, top + h)
        for i, (month, count) in enumerate(self.values):
            x = left + i * slot + (slot - bar) / 2
            bh = h * count / peak
            painter.fillRect(QRectF(x, top + h - bh, bar, bh), QColor("#1f5fa8"))
            painter.setPen(QColor("#1d1d1d"))
            painter.drawText(QRectF(x - 10, top + h - bh - fm.height() - 2, bar + 20, fm.height()),
                             Qt.AlignmentFlag.AlignCenter, str(count))
            painter.setPen(QColor("#5f6b76"))
            painter.drawText(QRectF(left + i * slot, top + h + 4, slot, fm.height()),
                             Qt.AlignmentFlag.AlignCenter, f"{month[5:]}/{month[2:4]}")
        painter.end()


class LedgerDialog(QDialog):
    def __init__(self, services: UiServices, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Registre des DMP créés"))
        self.resize(760, 560)
        self.runner = Runner(self)
        self.months = last_months(today or date.today())
        self.statements: list[LedgerStatement] = []
        self.total = QLabel(self.tr("Chargement du registre…"))
        font = self.total.font()
        font.setBold(True)
        self.total.setFont(font)
        self.chart = BarChart()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Mois"), self.tr("DMP créés"), self.tr("Rémunération")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("DMP créés par mois"))
        self.export_button = QPushButton(self.tr("&Exporter en CSV…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_csv)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.total)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        # the ledger is built with the services of steps 2-4: waited for in the pool
        self.runner.submit(
            lambda: [services.wait_steps().ledger.statement(m) for m in self.months], self.show_statements, self._failed
        )

    def show_statements(self, statements: list[LedgerStatement]) -> None:
        self.statements = statements
        self.chart.set_values([(s.month, s.count) for s in statements])
        self.table.setRowCount(len(statements))
        for row, s in enumerate(reversed(statements)):
            for col, text in enumerate([s.month, str(s.count), f"{s.amount_eur:.2f} €".replace(".", ",")]):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        count = sum(s.count for s in statements)
        amount = sum(s.amount_eur for s in statements)
        euros = f"{amount:.2f}".replace(".", ",")
        self.total.setText(self.tr("{0} DMP créés sur 12 mois — {1} € de rémunération").format(count, euros))
        self.export_button.setEnabled(True)

    def _failed(self, error: DomainError) -> None:
        msg = message(error)
        self.total.setText(f"{msg.text} {msg.todo}")

    def export_csv(self, path: str | None = None) -> str | None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Exporter le registre"), "registre-dmp.csv",
                                                  self.tr("CSV (*.csv)"))
        if not path:
            return None
        try:
            with open(path, "w", encoding="utf-8-sig", newline="") as fh:
                fh.write(statements_csv(self.statements))
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Exporter le registre"), str(exc))
            return None
        return path

    def done(self, result: int) -> None:
        self.runner.invalidate()
        super().done(result)
