"""Short French messages for the host software, one per error code (the ui has its own, translated, table)."""

from __future__ import annotations

from dmp_desktop.domain.errors import ErrorCode, WarningCode

_TEXT: dict[ErrorCode, str] = {
    ErrorCode.CONFIG_INVALID: "Les paramètres de dmp-desktop sont invalides.",
    ErrorCode.REQUEST_INVALID: "La demande du logiciel de la pharmacie est invalide.",
    ErrorCode.PCSC_UNAVAILABLE: "Le service des lecteurs de cartes (PC/SC) ne répond pas.",
    ErrorCode.NO_READER: "Aucun lecteur de carte n’est branché.",
    ErrorCode.READER_NOT_FOUND: "Le lecteur demandé est introuvable.",
    ErrorCode.NO_CARD: "Aucune carte Vitale dans le lecteur.",
    ErrorCode.CARD_REMOVED: "La carte Vitale a été retirée pendant la lecture.",
    ErrorCode.CARD_UNKNOWN: "Cette carte n’est pas une carte Vitale.",
    ErrorCode.CARD_VITALE1: "Carte Vitale 1 : elle ne permet pas de créer un DMP.",
    ErrorCode.CARD_STATUS: "La carte n’a pas pu être lue.",
    ErrorCode.CARD_DATA_INVALID: "Les données de la carte sont illisibles ou incomplètes.",
    ErrorCode.CPS_MODULE_MISSING: "La bibliothèque de la carte CPS (Cryptolib) est introuvable.",
    ErrorCode.CPS_MISSING: "Aucune carte CPS ou CPE dans le lecteur.",
    ErrorCode.CPS_UNKNOWN: "Cette carte n’est pas une carte de professionnel de santé lisible.",
    ErrorCode.CPS_EXPIRED: "La carte CPS est expirée (ou pas encore valide).",
    ErrorCode.CPS_PIN_INCORRECT: "Code PIN de la carte CPS incorrect.",
    ErrorCode.CPS_PIN_LOCKED: "La carte CPS est bloquée : trop de codes faux.",
    ErrorCode.CPS_REMOVED: "La carte CPS a été retirée.",
    ErrorCode.CPS_SITUATION_REQUIRED: (
        "Indiquez une situation d’exercice de la carte (« situation ») : elle en porte plusieurs, ou celle "
        "demandée n’y est pas."
    ),
    ErrorCode.NIR_INVALID: "Le numéro de sécurité sociale de ce bénéficiaire est invalide (clé fausse).",
    ErrorCode.BENEFICIARY_NOT_ELIGIBLE: "Ce bénéficiaire n’a pas de NIR propre : pas de DMP au comptoir.",
    ErrorCode.BENEFICIARY_INDEX: "Ce bénéficiaire n’existe pas sur la carte.",
    ErrorCode.NIR_MISMATCH: "La carte n’est pas celle du patient attendu.",
    ErrorCode.CONSENT_MISSING: "Le consentement oral du patient est obligatoire.",
    ErrorCode.EMERGENCY_ANSWER_MISSING: "La réponse du patient sur l’accès en cas d’urgence est obligatoire.",
    ErrorCode.ACCOUNT_CHANNEL_MISSING: "Le compte patient demande un e-mail ou un téléphone mobile.",
    ErrorCode.EMAIL_INVALID: "L’adresse e-mail est invalide.",
    ErrorCode.PHONE_INVALID: "Le numéro n’est pas un téléphone mobile français.",
    ErrorCode.DMP_UNREACHABLE: "Le service DMP est injoignable.",
    ErrorCode.DMP_TIMEOUT: "Le service DMP n’a pas répondu à temps.",
    ErrorCode.DMP_HTTP_ERROR: "Le service DMP a répondu par une erreur HTTP.",
    ErrorCode.DMP_BAD_RESPONSE: "La réponse du service DMP est illisible.",
    ErrorCode.DMP_SOAP_FAULT: "Le service DMP a rejeté la demande.",
    ErrorCode.DMP_INVALID_CERTIFICATE: "Le certificat de la pharmacie est refusé par le service DMP.",
    ErrorCode.DMP_FOUND: "Le patient a déjà un DMP.",
    ErrorCode.DMP_CLOSED: "Le DMP de ce patient est fermé.",
    ErrorCode.DMP_CREATION_REFUSED: (
        "Le service refuse la création par les professionnels : depuis juillet 2021 le DMP est créé "
        "automatiquement dans « Mon espace santé »."
    ),
    ErrorCode.DMP_ACCOUNT_EXISTS: "Le patient a déjà un compte d’accès.",
    ErrorCode.DMP_OTP_CHANNEL_EXISTS: "Ce canal de codes à usage unique est déjà enregistré.",
    ErrorCode.DMP_ACCESS_DENIED: "Le professionnel n’a pas de droit sur ce DMP.",
    ErrorCode.DMP_NOT_FOUND: "Le service ne trouve pas de DMP pour ce patient.",
    ErrorCode.DMP_ACCOUNT_NOT_FOUND: "Le patient n’a pas de compte d’accès en ligne à son DMP.",
    ErrorCode.DMP_CONSENT_MISSING: "Le service refuse la création : le consentement du patient ne lui est pas parvenu.",
    ErrorCode.DMP_IDENTITY_UNCERTIFIED: "Le service n’a pas pu certifier l’identité du patient.",
    ErrorCode.DMP_REQUEST_INVALID: "Le service DMP a refusé le message envoyé par le logiciel.",
    ErrorCode.DMP_VIHF_INVALID: "Le service DMP n’a pas accepté l’identification du professionnel (VIHF).",
    ErrorCode.DMP_ERROR: "Le service DMP a répondu par une erreur.",
    ErrorCode.DMP_TEST_OID_IN_PRODUCTION: "Un identifiant de test ne doit jamais partir vers le service réel.",
    ErrorCode.DMP_CREATION_UNCONFIRMED: "Création non confirmée, elle sera vérifiée.",
    ErrorCode.DMP_SERVER_UNTRUSTED: (
        "Le service DMP n’a pas pu être authentifié : n’envoyez rien, contactez le support."
    ),
    ErrorCode.TRAINING_IN_PRODUCTION: (
        "Le mode production utilise un élément de formation (service, certificat ou environnement INS) : "
        "lancez « dmp-desktop doctor »."
    ),
    ErrorCode.CERTIFICATE_MISSING: "Le certificat de la pharmacie n’est pas configuré.",
    ErrorCode.KEYRING_UNAVAILABLE: "Le trousseau de mots de passe du système est indisponible.",
    ErrorCode.SECRET_MISSING: "Le mot de passe du certificat n’est pas dans le trousseau.",
    ErrorCode.PRINTER_NONE: "Aucune imprimante n’est configurée.",
    ErrorCode.PRINTER_NOT_FOUND: "L’imprimante choisie est introuvable.",
    ErrorCode.PRINTER_STOPPED: "L’imprimante est arrêtée ou refuse les travaux.",
    ErrorCode.PRINT_FAILED: "L’impression de l’accusé a échoué.",
    ErrorCode.RECEIPT_FAILED: "L’accusé de création n’a pas pu être produit.",
    ErrorCode.RECEIPT_FILE_UNSAFE: "Le fichier de l’accusé est un lien ou n’est pas un fichier ordinaire.",
    ErrorCode.DB_UNAVAILABLE: "La base du registre est indisponible.",
    ErrorCode.DB_LOCKED: "La base du registre est occupée.",
    ErrorCode.DB_MIGRATION: "La base du registre n’est pas à jour.",
    ErrorCode.INTERNAL: "Erreur interne de dmp-desktop.",
}
_WARNINGS: dict[WarningCode, str] = {
    WarningCode.LEDGER_WAITING: (
        "Registre des créations injoignable : les écritures attendent sur ce poste et y seront enregistrées dès "
        "le retour de la base."
    ),
    WarningCode.LEDGER_IN_MEMORY: (
        "Registre des créations injoignable et disque plein : les écritures sont gardées en mémoire, ne fermez "
        "pas l’application."
    ),
    WarningCode.LEDGER_WRITE_FAILED: "Une écriture du registre des créations a échoué : ce DMP risque d’y manquer.",
}
# a wrong PIN's detail (the tries left) said in words, in the table like every sentence the host gets
PIN_TRIES_LEFT = "{0} essai(s) restant(s) avant blocage de la carte"
CANCELLED_CODE = "cancelled"  # wizard closed before anything was created (not an ErrorCode: never a failure)
CANCELLED_TEXT = "L’assistant a été fermé avant la création."


def text(code: ErrorCode) -> str:
    return _TEXT.get(code, _TEXT[ErrorCode.INTERNAL])


def message(code: ErrorCode, detail: str = "") -> str:
    """The sentence for the host; the detail names the field or the technical cause (never a secret). A wrong
    PIN's detail is the number of tries left, said in words."""
    if code is ErrorCode.CPS_PIN_INCORRECT and detail.isdigit():
        detail = PIN_TRIES_LEFT.format(detail)
    return f"{text(code)} ({detail})" if detail else text(code)


def missing_codes() -> set[ErrorCode]:
    return set(ErrorCode) - set(_TEXT)


def warning_text(code: WarningCode) -> str:
    """The sentence for a warning (the action went through; the pharmacist must still know)."""
    return _WARNINGS[code]


def missing_warnings() -> set[WarningCode]:
    return set(WarningCode) - set(_WARNINGS)
