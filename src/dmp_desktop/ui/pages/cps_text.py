"""What step 2 and the PIN dialog say of the pharmacist's card: its holder, type, validity, situation."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from dmp_desktop.domain.professional import CardHolder, CardType, Situation

_CTX = "Cps"

_PROFESSIONS = {  # the RPPS profession codes a pharmacy meets
    "21": QT_TRANSLATE_NOOP("Cps", "pharmacien(ne)"),
    "10": QT_TRANSLATE_NOOP("Cps", "médecin"),
    "60": QT_TRANSLATE_NOOP("Cps", "infirmier(ère)"),
}
_CARD_TYPES = {
    CardType.CPS: QT_TRANSLATE_NOOP("Cps", "CPS (carte de professionnel de santé)"),
    CardType.CPE: QT_TRANSLATE_NOOP("Cps", "CPE (carte du personnel de l’officine)"),
    CardType.CPF: QT_TRANSLATE_NOOP("Cps", "CPF (carte de professionnel en formation)"),
}


def _t(text: object) -> str:
    return QCoreApplication.translate(_CTX, str(text))


def profession_text(holder: CardHolder) -> str:
    if holder.card_type is CardType.CPE:
        return _t(QT_TRANSLATE_NOOP("Cps", "personnel de l’officine"))
    known = _PROFESSIONS.get(holder.profession)
    return _t(known) if known else _t(QT_TRANSLATE_NOOP("Cps", "profession {0}")).format(holder.profession)


def card_type_text(holder: CardHolder) -> str:
    return _t(_CARD_TYPES[holder.card_type])


def validity_text(holder: CardHolder) -> str:
    return _t(QT_TRANSLATE_NOOP("Cps", "du {0} au {1}")).format(
        holder.not_before.strftime("%d/%m/%Y"), holder.not_after.strftime("%d/%m/%Y")
    )


def situation_text(situation: Situation) -> str:
    return f"{situation.name} ({situation.structure_type} {situation.structure_id[1:]})"


def holder_summary(holder: CardHolder) -> str:
    """One line: « Anne LEROY — pharmacien(ne), CPS (…) »."""
    return f"{holder.display_name} — {profession_text(holder)}, {card_type_text(holder)}"
