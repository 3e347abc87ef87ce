"""Help texts: the leaflet's support contacts and the about box."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from dmp_desktop import __version__
from dmp_desktop.settings import Settings


def _t(text: str) -> str:
    return QCoreApplication.translate("Help", text)


def support_html() -> str:
    title = _t("L'Assurance Maladie vous accompagne")
    faq = _t("Sur Internet : rendez-vous sur le site dmp.fr, rubrique « FAQ ».")
    form = _t("Par e-mail : remplissez le formulaire de contact du site www.dmp.fr, rubrique « support ».")
    phone = _t(
        "Par téléphone : des conseillers dédiés, du lundi au vendredi de 8 h 30 à 17 h 30, "
        "au 0810 331 133 (0,06 €/min + prix appel)."
    )
    cnam = _t("Le conseiller informatique de votre caisse d'Assurance Maladie : 0810 331 133.")
    return (
        f"<h3>{title}</h3><ul>"
        f"<li>{faq} <a href='https://www.dmp.fr'>dmp.fr</a></li>"
        f"<li>{form}</li><li>{phone}</li><li>{cnam}</li></ul>"
    )


def about_html(settings: Settings) -> str:
    name = _t("dmp-desktop : création du DMP au comptoir de la pharmacie")
    mode = _t("Mode formation (simulateur)") if settings.training else _t("Mode production")
    history = _t(
        "Depuis le 1er juillet 2021, le DMP est créé automatiquement dans « Mon espace santé » ; "
        "ce logiciel reproduit le parcours de création 2018–2021."
    )
    return f"<p><b>{name}</b><br>{_t('Version')} {__version__} — {mode}</p><p>{history}</p>"
