"""The two questions the wizard asks before forgetting a patient (cancel, leave without the accusé)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def _yes(parent: QWidget, title: str, text: str) -> bool:
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_leave(parent: QWidget, account_pending: bool) -> bool:
    """The patient would leave without credentials or without their accusé: ask first (No by default)."""
    text = (
        QCoreApplication.translate(
            "WizardView", "Le compte d'accès du patient n'est pas créé. Passer quand même au patient suivant ?"
        )
        if account_pending
        else QCoreApplication.translate(
            "WizardView", "L'accusé de création n'est pas imprimé. Passer quand même au patient suivant ?"
        )
    )
    return _yes(parent, QCoreApplication.translate("WizardView", "Patient suivant ?"), text)


def ask_cancel(parent: QWidget) -> bool:
    """Cancel the visit (nothing was created yet)? No by default."""
    return _yes(
        parent,
        QCoreApplication.translate("WizardView", "Abandonner ?"),
        QCoreApplication.translate(
            "WizardView", "Abandonner la création du DMP pour ce patient ? Rien n'a encore été créé."
        ),
    )
