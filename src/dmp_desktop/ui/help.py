"""Help texts: the leaflet's support contacts and the about box."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from dmp_desktop import __version__
from dmp_desktop.settings import Settings


def tr(text: str) -> str:
    # lupdate files module-level tr("...") calls under the empty context: look them up there
    return QCoreApplication.translate("", text)


def support_html() -> str:
    title = tr("L’Assurance Maladie vous accompagne")
    faq = tr("Sur Internet : rendez-vous sur le site dmp.fr, rubrique « FAQ ».")
    form = tr("Par e-mail : remplissez le formulaire de contact du site www.dmp.fr, rubrique « support ».")
    phone = tr(
        "Par téléphone : des conseillers dédiés, du lundi au vendredi de 8 h 30 à 17 h 30, "
        "au 0810 331 133 (0,06 €/min + prix appel)."
    )
    cnam = tr("Le conseiller informatique de votre caisse d’Assurance Maladie : 0810 331 133.")
    return (
        f"<h3>{title}</h3><ul>"
        f"<li>{faq} <a href='https://www.dmp.fr'>dmp.fr</a></li>"
        f"<li>{form}</li><li>{phone}</li><li>{cnam}</li></ul>"
    )


def about_html(settings: Settings) -> str:
    name = tr("dmp-desktop : création du DMP au comptoir de la pharmacie")
    mode = tr("Mode formation (simulateur)") if settings.training else tr("Mode production")
    history = tr(
        "Depuis le 1ᵉʳ juillet 2021, le DMP est créé automatiquement dans « Mon espace santé » ; "
        "ce logiciel reproduit le parcours de création 2018–2021."
    )
    return f"<p><b>{name}</b><br>{tr('Version')} {__version__} — {mode}</p><p>{history}</p>"
