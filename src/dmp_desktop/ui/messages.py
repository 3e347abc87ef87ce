"""The one table that turns an ErrorCode into French text and what to do (English through Qt's tr); a second
one does the same for WarningCode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from dmp_desktop.domain.errors import DomainError, ErrorCode, WarningCode

_CTX = "Messages"

# (what happened, what to do). French source; English in resources/translations/dmp_desktop_en.ts.
_TABLE: dict[ErrorCode, tuple[Any, Any]] = {  # QT_TRANSLATE_NOOP is typed as returning object
    ErrorCode.CONFIG_INVALID: (
        QT_TRANSLATE_NOOP("Messages", "Les paramètres de l’application sont invalides."),
        QT_TRANSLATE_NOOP("Messages", "Corrigez-les dans Paramètres, ou appelez votre prestataire informatique."),
    ),
    ErrorCode.REQUEST_INVALID: (
        QT_TRANSLATE_NOOP("Messages", "Le logiciel de la pharmacie a envoyé une demande invalide."),
        QT_TRANSLATE_NOOP("Messages", "Relancez l’assistant depuis votre logiciel métier."),
    ),
    ErrorCode.PCSC_UNAVAILABLE: (
        QT_TRANSLATE_NOOP("Messages", "Le service des lecteurs de cartes ne répond pas."),
        QT_TRANSLATE_NOOP("Messages", "Vérifiez que le lecteur est branché ; l’application réessaie seule."),
    ),
    ErrorCode.NO_READER: (
        QT_TRANSLATE_NOOP("Messages", "Aucun lecteur de carte n’est branché."),
        QT_TRANSLATE_NOOP("Messages", "Branchez le lecteur de cartes Vitale."),
    ),
    ErrorCode.READER_NOT_FOUND: (
        QT_TRANSLATE_NOOP("Messages", "Le lecteur choisi dans les paramètres est introuvable."),
        QT_TRANSLATE_NOOP("Messages", "Branchez-le, ou choisissez un autre lecteur dans Paramètres."),
    ),
    ErrorCode.NO_CARD: (
        QT_TRANSLATE_NOOP("Messages", "Aucune carte Vitale dans le lecteur."),
        QT_TRANSLATE_NOOP("Messages", "Insérez la carte Vitale du patient, puce vers le haut."),
    ),
    ErrorCode.CARD_REMOVED: (
        QT_TRANSLATE_NOOP("Messages", "La carte Vitale a été retirée pendant la lecture."),
        QT_TRANSLATE_NOOP("Messages", "Réinsérez la carte et laissez-la dans le lecteur."),
    ),
    ErrorCode.CARD_UNKNOWN: (
        QT_TRANSLATE_NOOP("Messages", "Cette carte n’est pas une carte Vitale."),
        QT_TRANSLATE_NOOP("Messages", "Insérez la carte Vitale du patient (pas la carte CPS ni une carte bancaire)."),
    ),
    ErrorCode.CARD_VITALE1: (
        QT_TRANSLATE_NOOP("Messages", "Carte Vitale 1 : elle ne peut pas servir à créer un DMP."),
        QT_TRANSLATE_NOOP("Messages", "Rien ne peut être créé avec cette carte : rendez-la au patient."),
    ),
    ErrorCode.CARD_STATUS: (
        QT_TRANSLATE_NOOP("Messages", "La carte n’a pas pu être lue."),
        QT_TRANSLATE_NOOP("Messages", "Retirez la carte, essuyez la puce et réinsérez-la."),
    ),
    ErrorCode.CARD_DATA_INVALID: (
        QT_TRANSLATE_NOOP("Messages", "Les données de la carte sont illisibles ou incomplètes."),
        QT_TRANSLATE_NOOP("Messages", "Rien ne peut être créé avec cette carte tant qu’elle n’est pas mise à jour."),
    ),
    ErrorCode.NIR_INVALID: (
        QT_TRANSLATE_NOOP("Messages", "Le numéro de sécurité sociale de la carte est invalide (clé fausse)."),
        QT_TRANSLATE_NOOP("Messages", "Le DMP ne peut pas être créé avec cette carte."),
    ),
    ErrorCode.BENEFICIARY_NOT_ELIGIBLE: (
        QT_TRANSLATE_NOOP("Messages", "Ce bénéficiaire n’a pas son propre numéro de sécurité sociale sur la carte."),
        QT_TRANSLATE_NOOP("Messages", "Son DMP ne peut pas être créé ici."),
    ),
    ErrorCode.BENEFICIARY_INDEX: (
        QT_TRANSLATE_NOOP("Messages", "Ce bénéficiaire n’existe pas sur la carte."),
        QT_TRANSLATE_NOOP("Messages", "Choisissez un bénéficiaire dans la liste."),
    ),
    ErrorCode.NIR_MISMATCH: (
        QT_TRANSLATE_NOOP("Messages", "La carte insérée n’est pas celle du patient attendu par votre logiciel."),
        QT_TRANSLATE_NOOP("Messages", "Vérifiez la carte Vitale, ou relancez depuis la fiche du bon patient."),
    ),
    ErrorCode.CONSENT_MISSING: (
        QT_TRANSLATE_NOOP("Messages", "Le consentement oral du patient n’est pas recueilli."),
        QT_TRANSLATE_NOOP("Messages", "Sans consentement, pas de DMP : cochez la case après l’avoir demandé."),
    ),
    ErrorCode.EMERGENCY_ANSWER_MISSING: (
        QT_TRANSLATE_NOOP("Messages", "La réponse sur l’accès en cas d’urgence manque."),
        QT_TRANSLATE_NOOP("Messages", "Demandez au patient et cochez Oui ou Non."),
    ),
    ErrorCode.ACCOUNT_CHANNEL_MISSING: (
        QT_TRANSLATE_NOOP("Messages", "Il faut une adresse e-mail ou un numéro de portable."),
        QT_TRANSLATE_NOOP("Messages", "Saisissez au moins l’un des deux, ou répondez Non au compte."),
    ),
    ErrorCode.EMAIL_INVALID: (
        QT_TRANSLATE_NOOP("Messages", "L’adresse e-mail n’est pas valide."),
        QT_TRANSLATE_NOOP("Messages", "Vérifiez l’adresse avec le patient (exemple : nom@exemple.fr)."),
    ),
    ErrorCode.PHONE_INVALID: (
        QT_TRANSLATE_NOOP("Messages", "Le numéro n’est pas un portable français."),
        QT_TRANSLATE_NOOP("Messages", "Saisissez un numéro en 06 ou 07 (ou +33 6 / +33 7)."),
    ),
    ErrorCode.DMP_UNREACHABLE: (
        QT_TRANSLATE_NOOP("Messages", "Le service DMP est injoignable."),
        QT_TRANSLATE_NOOP("Messages", "Vérifiez la connexion Internet de la pharmacie, puis réessayez."),
    ),
    ErrorCode.DMP_TIMEOUT: (
        QT_TRANSLATE_NOOP("Messages", "Le service DMP n’a pas répondu à temps."),
        QT_TRANSLATE_NOOP("Messages", "Réessayez dans un instant ; rien n’a été créé en double."),
    ),
    ErrorCode.DMP_HTTP_ERROR: (
        QT_TRANSLATE_NOOP("Messages", "Le service DMP a répondu par une erreur."),
        QT_TRANSLATE_NOOP("Messages", "Réessayez dans quelques minutes."),
    ),
    ErrorCode.DMP_BAD_RESPONSE: (
        QT_TRANSLATE_NOOP("Messages", "La réponse du service DMP est incompréhensible."),
        QT_TRANSLATE_NOOP("Messages", "Réessayez ; si cela continue, appelez le 0810 331 133."),
    ),
    ErrorCode.DMP_SOAP_FAULT: (
        QT_TRANSLATE_NOOP("Messages", "Le service DMP a rejeté la demande."),
        QT_TRANSLATE_NOOP("Messages", "Réessayez ; si cela continue, appelez le 0810 331 133."),
    ),
    ErrorCode.DMP_INVALID_CERTIFICATE: (
        QT_TRANSLATE_NOOP("Messages", "Le certificat de la pharmacie est refusé par le service DMP."),
        QT_TRANSLATE_NOOP("Messages", "Le certificat est peut-être expiré : contactez votre prestataire informatique."),
    ),
    ErrorCode.DMP_FOUND: (
        QT_TRANSLATE_NOOP("Messages", "Ce patient a déjà un DMP."),
        QT_TRANSLATE_NOOP("Messages", "Rien à créer ni à compter : ce DMP existe déjà."),
    ),
    ErrorCode.DMP_CLOSED: (
        QT_TRANSLATE_NOOP("Messages", "Le DMP de ce patient a été fermé."),
        QT_TRANSLATE_NOOP("Messages", "Il ne peut pas être recréé ici : le patient s’adresse à sa caisse d’Assurance Maladie."),  # noqa: E501
    ),
    ErrorCode.DMP_CREATION_REFUSED: (
        QT_TRANSLATE_NOOP("Messages", "Le service refuse la création : depuis juillet 2021, le DMP est créé automatiquement dans « Mon espace santé »."),  # noqa: E501
        QT_TRANSLATE_NOOP("Messages", "Rien à faire ici : invitez le patient à activer son profil sur monespacesante.fr."),  # noqa: E501
    ),
    ErrorCode.DMP_ACCOUNT_EXISTS: (
        QT_TRANSLATE_NOOP("Messages", "Le patient a déjà un compte d’accès à son DMP."),
        QT_TRANSLATE_NOOP("Messages", "Il se connecte avec ses identifiants ; en cas d’oubli, sur dmp.fr."),
    ),
    ErrorCode.DMP_OTP_CHANNEL_EXISTS: (
        QT_TRANSLATE_NOOP("Messages", "Ce moyen de recevoir les codes est déjà enregistré."),
        QT_TRANSLATE_NOOP("Messages", "Rien à faire : le compte est utilisable."),
    ),
    ErrorCode.DMP_ACCESS_DENIED: (
        QT_TRANSLATE_NOOP("Messages", "Vous n’avez pas de droit sur ce DMP."),
        QT_TRANSLATE_NOOP("Messages", "Le patient peut vous autoriser depuis son DMP ; sinon, rien n’est possible d’ici."),  # noqa: E501
    ),
    ErrorCode.DMP_NOT_FOUND: (
        QT_TRANSLATE_NOOP("Messages", "Le service ne trouve pas de DMP pour ce patient."),
        QT_TRANSLATE_NOOP("Messages", "Recommencez par l’identification du patient : le DMP n’a peut-être pas été créé."),  # noqa: E501
    ),
    ErrorCode.DMP_ACCOUNT_NOT_FOUND: (
        QT_TRANSLATE_NOOP("Messages", "Le patient n’a pas de compte d’accès en ligne à son DMP."),
        QT_TRANSLATE_NOOP("Messages", "Ouvrez d’abord le compte (étape 4) avant de le modifier."),
    ),
    ErrorCode.DMP_CONSENT_MISSING: (
        QT_TRANSLATE_NOOP("Messages", "Le service refuse la création : le consentement du patient ne lui est pas parvenu."),  # noqa: E501
        QT_TRANSLATE_NOOP("Messages", "Recueillez à nouveau le consentement oral du patient, puis recommencez."),
    ),
    ErrorCode.DMP_IDENTITY_UNCERTIFIED: (
        QT_TRANSLATE_NOOP("Messages", "Le service n’a pas pu certifier l’identité du patient."),
        QT_TRANSLATE_NOOP("Messages", "Vérifiez la carte Vitale du patient ; si cela continue, il s’adresse à sa caisse d’Assurance Maladie."),  # noqa: E501
    ),
    ErrorCode.DMP_REQUEST_INVALID: (
        QT_TRANSLATE_NOOP("Messages", "Le service DMP a refusé le message envoyé par le logiciel."),
        QT_TRANSLATE_NOOP("Messages", "Ce n’est pas de votre fait : signalez-le à votre prestataire informatique."),
    ),
    ErrorCode.DMP_VIHF_INVALID: (
        QT_TRANSLATE_NOOP("Messages", "Le service DMP n’a pas accepté l’identification du professionnel."),
        QT_TRANSLATE_NOOP("Messages", "Vérifiez l’heure de l’ordinateur et la situation d’exercice choisie ; sinon, appelez votre prestataire."),  # noqa: E501
    ),
    ErrorCode.DMP_ERROR: (
        QT_TRANSLATE_NOOP("Messages", "Le service DMP a signalé une erreur."),
        QT_TRANSLATE_NOOP("Messages", "Réessayez ; si cela continue, appelez le 0810 331 133."),
    ),
    ErrorCode.DMP_TEST_OID_IN_PRODUCTION: (
        QT_TRANSLATE_NOOP("Messages", "Un identifiant de test allait partir vers le service réel : envoi bloqué."),
        QT_TRANSLATE_NOOP("Messages", "Vérifiez les paramètres (mode formation ou production)."),
    ),
    ErrorCode.DMP_CREATION_UNCONFIRMED: (
        QT_TRANSLATE_NOOP("Messages", "Création non confirmée : le service DMP n’a pas répondu, elle sera vérifiée."),
        QT_TRANSLATE_NOOP("Messages", "Ne recréez pas ce DMP ailleurs : dmp-desktop vérifie tout seul et le registre le comptera s’il existe."),  # noqa: E501
    ),
    ErrorCode.DMP_SERVER_UNTRUSTED: (
        QT_TRANSLATE_NOOP("Messages", "Le service DMP n’a pas pu être authentifié."),
        QT_TRANSLATE_NOOP("Messages", "N’envoyez rien et contactez le support : ce serveur n’est peut-être pas le vrai."),  # noqa: E501
    ),
    ErrorCode.TRAINING_IN_PRODUCTION: (
        QT_TRANSLATE_NOOP("Messages", "Le mode production est réglé sur des éléments de formation : envoi bloqué."),
        QT_TRANSLATE_NOOP("Messages", "Lancez « dmp-desktop doctor » : il dit lequel (service, certificat, autorité ou environnement INS)."),  # noqa: E501
    ),
    ErrorCode.CPS_MODULE_MISSING: (
        QT_TRANSLATE_NOOP("Messages", "La bibliothèque de la carte CPS (Cryptolib CPS) est introuvable."),
        QT_TRANSLATE_NOOP("Messages", "Installez la Cryptolib CPS ou vérifiez son chemin dans les Paramètres."),
    ),
    ErrorCode.CPS_MISSING: (
        QT_TRANSLATE_NOOP("Messages", "Aucune carte CPS ou CPE dans le lecteur."),
        QT_TRANSLATE_NOOP("Messages", "Insérez votre carte de professionnel de santé."),
    ),
    ErrorCode.CPS_UNKNOWN: (
        QT_TRANSLATE_NOOP("Messages", "Cette carte n’est pas une carte de professionnel de santé lisible."),
        QT_TRANSLATE_NOOP("Messages", "Vérifiez le sens de la carte, ou essayez une autre carte CPS ou CPE."),
    ),
    ErrorCode.CPS_EXPIRED: (
        QT_TRANSLATE_NOOP("Messages", "Votre carte CPS n’est plus valide."),
        QT_TRANSLATE_NOOP("Messages", "Utilisez une autre carte ; la nouvelle carte se commande auprès de l’ANS."),
    ),
    ErrorCode.CPS_PIN_INCORRECT: (
        QT_TRANSLATE_NOOP("Messages", "Code PIN incorrect."),
        QT_TRANSLATE_NOOP("Messages", "Vérifiez le code et réessayez : la carte se bloque après trois codes faux."),
    ),
    ErrorCode.CPS_PIN_LOCKED: (
        QT_TRANSLATE_NOOP("Messages", "La carte est bloquée : trop de codes faux."),
        QT_TRANSLATE_NOOP("Messages", "Elle se débloque avec son code PUK (outil de l’ANS), pas au comptoir."),
    ),
    ErrorCode.CPS_REMOVED: (
        QT_TRANSLATE_NOOP("Messages", "La carte CPS a été retirée."),
        QT_TRANSLATE_NOOP("Messages", "Réinsérez-la et saisissez de nouveau le code PIN."),
    ),
    ErrorCode.CPS_SITUATION_REQUIRED: (
        QT_TRANSLATE_NOOP("Messages", "Votre carte porte plusieurs situations d’exercice."),
        QT_TRANSLATE_NOOP("Messages", "Choisissez la pharmacie où vous exercez aujourd’hui."),
    ),
    ErrorCode.CERTIFICATE_MISSING: (
        QT_TRANSLATE_NOOP("Messages", "Le certificat de la pharmacie n’est pas installé."),
        QT_TRANSLATE_NOOP("Messages", "Installez-le (Paramètres) ou contactez votre prestataire informatique."),
    ),
    ErrorCode.KEYRING_UNAVAILABLE: (
        QT_TRANSLATE_NOOP("Messages", "Le coffre à mots de passe du système est indisponible."),
        QT_TRANSLATE_NOOP("Messages", "Redémarrez la session Windows ; sinon contactez votre prestataire."),
    ),
    ErrorCode.SECRET_MISSING: (
        QT_TRANSLATE_NOOP("Messages", "Le mot de passe du certificat n’est pas enregistré."),
        QT_TRANSLATE_NOOP("Messages", "Enregistrez-le avec « dmp-desktop doctor » ou votre prestataire."),
    ),
    ErrorCode.PRINTER_NONE: (
        QT_TRANSLATE_NOOP("Messages", "Aucune imprimante n’est installée."),
        QT_TRANSLATE_NOOP("Messages", "Enregistrez l’accusé en PDF, ou installez une imprimante puis « Réimprimer »."),
    ),
    ErrorCode.PRINTER_NOT_FOUND: (
        QT_TRANSLATE_NOOP("Messages", "L’imprimante choisie est introuvable."),
        QT_TRANSLATE_NOOP("Messages", "Choisissez une autre imprimante dans Paramètres, puis « Réimprimer »."),
    ),
    ErrorCode.PRINTER_STOPPED: (
        QT_TRANSLATE_NOOP("Messages", "L’imprimante est arrêtée ou en pause."),
        QT_TRANSLATE_NOOP("Messages", "Vérifiez papier et bourrage, puis « Réimprimer »."),
    ),
    ErrorCode.PRINT_FAILED: (
        QT_TRANSLATE_NOOP("Messages", "L’impression de l’accusé a échoué."),
        QT_TRANSLATE_NOOP("Messages", "Le DMP est bien créé : « Réimprimer » ou « Enregistrer en PDF »."),
    ),
    ErrorCode.RECEIPT_FAILED: (
        QT_TRANSLATE_NOOP("Messages", "L’accusé n’a pas pu être préparé."),
        QT_TRANSLATE_NOOP("Messages", "Le DMP est bien créé ; réessayez « Réimprimer »."),
    ),
    ErrorCode.RECEIPT_FILE_UNSAFE: (
        QT_TRANSLATE_NOOP("Messages", "Le fichier demandé pour l’accusé est un lien ou n’est pas un fichier ordinaire."),  # noqa: E501
        QT_TRANSLATE_NOOP("Messages", "Donnez le chemin d’un fichier ordinaire ; rien n’a été envoyé."),
    ),
    ErrorCode.DB_UNAVAILABLE: (
        QT_TRANSLATE_NOOP("Messages", "Le registre des créations est inaccessible."),
        QT_TRANSLATE_NOOP("Messages", "Réessayez ; si cela continue, contactez votre prestataire informatique."),
    ),
    ErrorCode.DB_LOCKED: (
        QT_TRANSLATE_NOOP("Messages", "Le registre est occupé par un autre poste."),
        QT_TRANSLATE_NOOP("Messages", "Réessayez dans quelques secondes."),
    ),
    ErrorCode.DB_MIGRATION: (
        QT_TRANSLATE_NOOP("Messages", "Le registre doit être mis à jour."),
        QT_TRANSLATE_NOOP("Messages", "Lancez « dmp-desktop doctor » ou contactez votre prestataire."),
    ),
    ErrorCode.INTERNAL: (
        QT_TRANSLATE_NOOP("Messages", "Erreur interne de l’application."),
        QT_TRANSLATE_NOOP("Messages", "Réessayez ; si cela continue, envoyez le journal à votre prestataire."),
    ),
}

# Warnings: the action went through, the pharmacist must still know (same columns as _TABLE).
_WARNINGS: dict[WarningCode, tuple[Any, Any]] = {
    WarningCode.LEDGER_WAITING: (
        QT_TRANSLATE_NOOP("Messages", "Le registre des créations est injoignable : ses écritures attendent sur ce poste."),  # noqa: E501
        QT_TRANSLATE_NOOP("Messages", "Rien à faire : elles seront enregistrées dès le retour de la base. Si cela dure, contactez votre prestataire informatique."),  # noqa: E501
    ),
    WarningCode.LEDGER_IN_MEMORY: (
        QT_TRANSLATE_NOOP("Messages", "Le registre des créations est injoignable et le disque de ce poste est plein : ses écritures sont gardées en mémoire."),  # noqa: E501
        QT_TRANSLATE_NOOP("Messages", "Ne fermez pas l’application ; libérez de la place sur le disque ou contactez votre prestataire informatique."),  # noqa: E501
    ),
    WarningCode.LEDGER_WRITE_FAILED: (
        QT_TRANSLATE_NOOP("Messages", "Une écriture du registre des créations a échoué : ce DMP risque d’y manquer."),
        QT_TRANSLATE_NOOP("Messages", "Le DMP est bien créé. Notez le patient et prévenez votre prestataire informatique."),  # noqa: E501
    ),
}


@dataclass(frozen=True)
class Message:
    code: ErrorCode | WarningCode
    text: str
    todo: str
    retryable: bool

    def html(self) -> str:
        return f"<b>{self.text}</b><br>{self.todo}"


def message(error: DomainError | ErrorCode) -> Message:
    """The translated text and advice for an error (the active QTranslator picks the language)."""
    code = error.code if isinstance(error, DomainError) else error
    text, todo = _TABLE.get(code, _TABLE[ErrorCode.INTERNAL])
    retryable = error.retryable if isinstance(error, DomainError) else DomainError(code).retryable
    return Message(
        code,
        QCoreApplication.translate(_CTX, str(text)),
        QCoreApplication.translate(_CTX, str(todo)),
        retryable,
    )


def missing_codes() -> set[ErrorCode]:
    """Codes without a message (a test keeps this empty)."""
    return set(ErrorCode) - set(_TABLE)


def warning_message(code: WarningCode) -> Message:
    """The translated text and advice for a warning: nothing to retry, the action went through."""
    text, todo = _WARNINGS[code]
    translate = QCoreApplication.translate
    return Message(code, translate(_CTX, str(text)), translate(_CTX, str(todo)), retryable=False)


def missing_warnings() -> set[WarningCode]:
    """Warnings without a message (a test keeps this empty)."""
    return set(WarningCode) - set(_WARNINGS)


# What the pharmacist tells the patient when step 1 stops (the card or the reader): one sentence to say aloud.
_PATIENT_LINES: dict[ErrorCode, Any] = {
    ErrorCode.PCSC_UNAVAILABLE: QT_TRANSLATE_NOOP("Messages", "Dites au patient : « Un instant, le lecteur de cartes n’est pas prêt. »"),  # noqa: E501
    ErrorCode.NO_READER: QT_TRANSLATE_NOOP("Messages", "Dites au patient : « Un instant, le lecteur de cartes n’est pas prêt. »"),  # noqa: E501
    ErrorCode.READER_NOT_FOUND: QT_TRANSLATE_NOOP("Messages", "Dites au patient : « Un instant, le lecteur de cartes n’est pas prêt. »"),  # noqa: E501
    ErrorCode.CARD_REMOVED: QT_TRANSLATE_NOOP("Messages", "Dites au patient : « Je dois relire votre carte : elle reste dans le lecteur le temps de la lecture. »"),  # noqa: E501
    ErrorCode.CARD_UNKNOWN: QT_TRANSLATE_NOOP("Messages", "Dites au patient : « Il me faut votre carte Vitale. »"),
    ErrorCode.CARD_VITALE1: QT_TRANSLATE_NOOP("Messages", "Dites au patient : « Votre carte Vitale est trop ancienne pour créer votre DMP ici. Vous pouvez le créer vous-même sur dmp.fr, ou demander une nouvelle carte à votre caisse d’Assurance Maladie. »"),  # noqa: E501
    ErrorCode.CARD_STATUS: QT_TRANSLATE_NOOP("Messages", "Dites au patient : « Un instant, je relis votre carte. »"),
    ErrorCode.CARD_DATA_INVALID: QT_TRANSLATE_NOOP("Messages", "Dites au patient : « Votre carte doit être mise à jour, à une borne de pharmacie ou de votre caisse ; nous créerons votre DMP ensuite. »"),  # noqa: E501
    ErrorCode.NIR_INVALID: QT_TRANSLATE_NOOP("Messages", "Dites au patient : « Votre carte porte une erreur ; votre caisse d’Assurance Maladie peut la corriger. »"),  # noqa: E501
    ErrorCode.BENEFICIARY_NOT_ELIGIBLE: QT_TRANSLATE_NOOP("Messages", "Dites au patient : « Votre carte Vitale ne permet pas de créer ce DMP ici ; votre caisse d’Assurance Maladie peut vous renseigner. »"),  # noqa: E501
}


def patient_line(code: ErrorCode) -> str:
    """The sentence to say to the patient when step 1 stops on `code` ("" when there is none)."""
    line = _PATIENT_LINES.get(code)
    return QCoreApplication.translate(_CTX, str(line)) if line is not None else ""


# Why a beneficiary cannot get a DMP, shown at step 1 beside the beneficiary (domain Eligibility values).
_ELIGIBILITY: dict[str, Any] = {
    "eligible": QT_TRANSLATE_NOOP("Messages", "Oui"),
    "no_own_nir": QT_TRANSLATE_NOOP("Messages", "Non : pas de n° de sécurité sociale propre"),
    "nir_invalid": QT_TRANSLATE_NOOP("Messages", "Non : n° de sécurité sociale invalide"),
    "nir_temporary": QT_TRANSLATE_NOOP(
        "Messages", "Non : n° de sécurité sociale provisoire (commençant par 7 ou 8), pas d’INS"
    ),
    "nir_not_certified": QT_TRANSLATE_NOOP(
        "Messages", "Non : n° de sécurité sociale non certifié (commençant par 3 ou 4), pas d’INS"
    ),
    "first_name_unusable": QT_TRANSLATE_NOOP(
        "Messages", "Non : prénom sans lettre latine, l’INS-C ne peut pas être calculé"
    ),
}


def eligibility_text(reason: Any) -> str:
    """The translated step-1 text for an Eligibility (or its value); unknown reasons read as a plain « Non »."""
    key = getattr(reason, "value", reason)
    return QCoreApplication.translate(_CTX, str(_ELIGIBILITY.get(key, QT_TRANSLATE_NOOP("Messages", "Non"))))


def missing_eligibility() -> set[str]:
    """Eligibility values without a text (a test keeps this empty)."""
    from dmp_desktop.domain.identity import Eligibility

    return {e.value for e in Eligibility} - set(_ELIGIBILITY)
