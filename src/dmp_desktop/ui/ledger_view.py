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
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.model import LedgerStatement, YearStatement
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


def euros(amount: float) -> str:
    return f"{amount:.2f} €".replace(".", ",")


def write_private(path: str, text: str) -> None:
    """The declaration's list names pharmacists: readable by its owner only (0600), even on a shared disk."""
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # an existing file keeps its mode through O_CREAT: narrow it too
    with open(fd, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(text)


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


class YearPanel(QGroupBox):
    """The ROSP year: DMP created in one calendar year, per pharmacist, and the declaration's CSV."""

    def __init__(self, services: UiServices, runner: Runner, year: int, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Année (ROSP)"), parent)
        self.services = services
        self.runner = runner
        self.statement: YearStatement | None = None
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.setAccessibleName(self.tr("Année civile"))
        self.year.valueChanged.connect(self.load)
        year_label = QLabel(self.tr("A&nnée :"))
        year_label.setBuddy(self.year)
        self.total = QLabel()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Pharmacien"), self.tr("DMP créés"), self.tr("Rémunération")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("DMP créés dans l’année par pharmacien"))
        self.table.setTabKeyNavigation(False)  # Tab goes on to the export button
        self.export_button = QPushButton(self.tr("Exporter l’année pour la &déclaration (CSV)…"))
        self.export_button.setAccessibleName(self.tr("Exporter le CSV de l’année pour la déclaration ROSP"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export_csv())
        row = QHBoxLayout()
        row.addWidget(year_label)
        row.addWidget(self.year)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.total)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.export_button)
        self.load()

    def load(self) -> None:
        year, services = self.year.value(), self.services
        self.export_button.setEnabled(False)
        self.total.setText(self.tr("Chargement de l’année…"))
        self.runner.submit(lambda: services.wait_steps().ledger.year_statement(year), self.show_year, self._failed)

    def show_year(self, statement: YearStatement) -> None:
        if statement.year != self.year.value():  # an older answer after the year changed again
            return
        self.statement = statement
        self.total.setText(self.tr("{0} : {1} DMP créés — {2}").format(
            statement.year, statement.count, euros(statement.amount_eur)))
        unit = statement.amount_eur / statement.count if statement.count else 0.0
        rows = sorted(statement.by_pharmacist.items())
        self.table.setRowCount(len(rows))
        for r, (who, count) in enumerate(rows):
            for col, text in enumerate([who, str(count), euros(count * unit)]):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, col, item)
        self.export_button.setEnabled(True)

    def _failed(self, error: DomainError) -> None:
        msg = message(error)
        self.total.setText(f"{msg.text} {msg.todo}")

    def export_csv(self, path: str | None = None) -> None:
        """Ask for a file, then fetch the year's CSV in the pool and write it there (0600)."""
        year = self.year.value()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Exporter le CSV de l’année"),
                                                  f"rosp-dmp-{year}.csv", self.tr("CSV (*.csv)"))
        if not path:
            return
        services, target = self.services, path

        def work() -> str:
            write_private(target, services.wait_steps().ledger.export_year_csv(year))
            return target

        self.export_button.setEnabled(False)
        self.runner.submit(work, self._exported, self._failed)

    def _exported(self, path: str) -> None:
        self.export_button.setEnabled(True)
        self.total.setText(self.tr("CSV de l’année écrit : {0}").format(path))


class LedgerDialog(QDialog):
    def __init__(self, services: UiServices, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Registre des DMP créés"))
        self.resize(1040, 600)
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
        self.table.setTabKeyNavigation(False)
        self.export_button = QPushButton(self.tr("&Exporter les 12 mois (CSV)…"))
        self.export_button.setAccessibleName(self.tr("Exporter en CSV les DMP créés des 12 derniers mois"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_csv)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.year = YearPanel(services, self.runner, (today or date.today()).year)
        months = QVBoxLayout()
        months.addWidget(self.total)
        months.addWidget(self.chart, 1)
        months.addWidget(self.table, 1)
        both = QHBoxLayout()
        both.addLayout(months, 3)
        both.addWidget(self.year, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(both, 1)
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
            for col, text in enumerate([f"{s.month[5:]}/{s.month[:4]}", str(s.count), euros(s.amount_eur)]):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        count = sum(s.count for s in statements)
        amount = sum(s.amount_eur for s in statements)
        money = f"{amount:.2f}".replace(".", ",")
        self.total.setText(self.tr("{0} DMP créés sur 12 mois — {1} € de rémunération").format(count, money))
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
