"""The questions the wizard asks before forgetting a patient (cancel, leave without the accusé) and the
printer to print on."""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget


class LeaveReason(enum.Enum):
    """Why leaving the result page could lose something the patient needs."""

    ACCOUNT = "account"  # the web account is not open: retry it first
    PRINT = "print"  # the accusé was not printed
    UNCONFIRMED = "unconfirmed"  # the accusé with the credentials went to the printer: nobody saw it come out


def ask_yes(parent: QWidget, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Question) -> bool:
    """A yes/no question, « Non » by default. The buttons are ours, not Qt's standard ones: « &Oui » and
    « &Non » are Alt+O and Alt+N as on every page, whatever Qt translation is installed."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(QCoreApplication.translate("Questions", "&Oui"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(QCoreApplication.translate("Questions", "&Non"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def _leave_text(reason: LeaveReason) -> str:
    if reason is LeaveReason.ACCOUNT:
        return QCoreApplication.translate(
            "WizardView", "Le compte d’accès du patient n’est pas créé. Passer quand même au patient suivant ?"
        )
    if reason is LeaveReason.UNCONFIRMED:
        return QCoreApplication.translate(
            "WizardView",
            "L’accusé avec l’identifiant et le mot de passe provisoire du patient a été envoyé à l’imprimante, "
            "mais personne n’a confirmé qu’il est sorti. Sans lui, le patient ne pourra pas se connecter. "
            "Passer quand même au patient suivant ?",
        )
    return QCoreApplication.translate(
        "WizardView", "L’accusé de création n’est pas imprimé. Passer quand même au patient suivant ?"
    )


def ask_leave(parent: QWidget, reason: LeaveReason) -> bool:
    """The patient would leave without credentials or without their accusé: ask first (No, stay, by default)."""
    return ask_yes(parent, QCoreApplication.translate("WizardView", "Patient suivant ?"), _leave_text(reason))


def ask_cancel(parent: QWidget) -> bool:
    """Cancel the visit (nothing was created yet)? No by default."""
    return ask_yes(
        parent,
        QCoreApplication.translate("WizardView", "Abandonner ?"),
        QCoreApplication.translate(
            "WizardView", "Abandonner la création du DMP pour ce patient ? Rien n’a encore été créé."
        ),
    )


def ask_printer(parent: QWidget, printers: list[str], current: str | None) -> str | None:
    """The printer to print the accusé on (None: the pharmacist closed the list)."""
    index = printers.index(current) if current in printers else 0
    name, ok = QInputDialog.getItem(
        parent,
        QCoreApplication.translate("WizardView", "Imprimer sur…"),
        QCoreApplication.translate("WizardView", "Imprimante :"),
        printers,
        index,
        False,
    )
    return name if ok and name else None
