"""Save the accusé as PDF on request, after warning that a file with a password must be handled with care."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from dmp_desktop.ui.questions import ask_yes

log = logging.getLogger(__name__)


def save_receipt(parent: QWidget, pdf: bytes, holds_password: bool, path: str | None = None) -> Path | None:
    """Ask where (unless `path`), warn when the accusé holds the temporary password, write. None if cancelled."""
    if holds_password and not ask_yes(
        parent,
        QCoreApplication.translate("SaveReceipt", "Enregistrer l’accusé"),
        QCoreApplication.translate(
            "SaveReceipt",
            "Cet accusé contient le mot de passe provisoire du patient. Enregistrez-le seulement pour "
            "l’imprimer ailleurs, puis supprimez le fichier. Continuer ?"
        ),
        QMessageBox.Icon.Warning,
    ):
        return None
    if path is None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        title = QCoreApplication.translate("SaveReceipt", "Enregistrer l’accusé en PDF")
        kinds = QCoreApplication.translate("SaveReceipt", "PDF (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / "accuse-creation-dmp.pdf"), kinds)
        if not path:
            return None
    target = Path(path)
    try:
        target.write_bytes(pdf)
    except OSError as exc:
        title = QCoreApplication.translate("SaveReceipt", "Enregistrer l’accusé")
        text = QCoreApplication.translate("SaveReceipt", "Impossible d’écrire le fichier : {0}").format(exc)
        QMessageBox.critical(parent, title, text)
        return None
    log.info("accusé saved as PDF on the pharmacist's request")
    return target
