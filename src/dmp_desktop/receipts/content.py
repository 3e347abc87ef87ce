"""What the accusé says, in French, as plain data (sections and rows); pdf.py only lays it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dmp_desktop.domain.identity import InsType
from dmp_desktop.domain.model import ReceiptData
from dmp_desktop.receipts.masking import mask_email, mask_phone

# From the Assurance Maladie leaflet (seeds/000): the patient site and the support line.
WEB_SITE = "dmp.fr"
SUPPORT_PHONE = "0810 331 133"
SUPPORT_PRICE = "0,06 €/min + prix appel"
SUPPORT_HOURS = "du lundi au vendredi, de 8 h 30 à 17 h 30"
# ASCII only: scanners guess the charset of non-ASCII QR payloads (guide §3).
QR_PAYLOAD = "https://www.dmp.fr/"
TRAINING_MARK = "FORMATION — document sans valeur"


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Credentials:
    login: str
    password: str
    otp_destinations: tuple[str, ...]  # already masked
    steps: tuple[str, ...]
    warning: str


@dataclass(frozen=True)
class ReceiptContent:
    pharmacy_name: str
    pharmacy_line: str
    title: str
    subtitle: str
    holder: Section
    creation: Section
    credentials: Credentials | None
    no_account_note: str
    confirmation_note: str
    rights: tuple[str, ...]
    help_lines: tuple[str, ...]
    qr_payload: str
    qr_caption: str
    footer: str
    training_mark: str | None


def civility(sex: str) -> str:
    return {"M": "M.", "F": "Mme"}.get(sex, "")


def format_nir(nir: str) -> str:
    """The NIR grouped as on the carte Vitale: 2 70 10 86 049 265 42."""
    n = nir.replace(" ", "")
    if len(n) != 15:
        return n
    return f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]} {n[13:15]}"


def format_ins(data: ReceiptData) -> str:
    if data.ins.type is InsType.INS_NIR:
        return format_nir(data.ins.value)
    # 22 digits in groups of five (key apart) so the number wraps cleanly and reads aloud over the phone
    value = data.ins.value
    return " ".join(value[i : i + 5] for i in range(0, 20, 5)) + " " + value[20:]


def ins_type_label(ins_type: InsType) -> str:
    if ins_type is InsType.INS_NIR:
        return "INS-NIR (numéro de sécurité sociale certifié)"
    return "INS-C (calculé à partir de la carte Vitale)"


def format_datetime(at: datetime) -> str:
    return f"{at:%d/%m/%Y} à {at:%H} h {at:%M}"


def emergency_label(answer: bool | None) -> str:
    if answer is None:
        return "non renseigné"
    return "autorisé" if answer else "refusé"


def _holder(data: ReceiptData) -> Section:
    b = data.beneficiary
    rows = []
    civ = civility(b.sex)
    if civ:
        rows.append(Row("Civilité", civ))
    rows.append(Row("Nom", b.surname.upper()))
    if b.birth_name and b.birth_name.upper() != b.surname.upper():
        rows.append(Row("Nom de naissance", b.birth_name.upper()))
    rows += [
        Row("Prénom", b.first_name),
        Row("Date de naissance", b.birth_date_display),
        Row("Identifiant (INS)", format_ins(data)),
        Row("Type d'identifiant", ins_type_label(data.ins.type)),
    ]
    return Section("Titulaire du DMP", tuple(rows))


def _creation(data: ReceiptData) -> Section:
    emergency = emergency_label(data.consent.emergency_access)
    if data.consent.emergency_access:
        emergency += " (bris de glace, centre 15)"
    return Section(
        "Création",
        (
            Row("Date et heure", format_datetime(data.created_at)),
            Row("Créé par", f"{data.pharmacist.display_name}, pharmacien(ne)"),
            Row("Pharmacie", f"{data.pharmacy.name}, n° {data.pharmacy.number}"),
            Row("Consentement", "recueilli oralement"),
            Row("Accès en cas d'urgence", emergency),
        ),
    )


def _credentials(data: ReceiptData) -> Credentials | None:
    if data.account is None:
        return None
    destinations = []
    if data.mobile:
        destinations.append(f"par SMS au {mask_phone(data.mobile)}")
    if data.email:
        destinations.append(f"par e-mail à {mask_email(data.email)}")
    return Credentials(
        login=data.account.login,
        password=data.account.temporary_password,
        otp_destinations=tuple(destinations),
        steps=(
            f"Rendez-vous sur {WEB_SITE} (ou dans l'application DMP).",
            "Saisissez votre identifiant et le mot de passe temporaire ci-dessus.",
            "Saisissez le code à usage unique reçu par SMS ou par e-mail.",
            "Choisissez votre mot de passe personnel : le mot de passe temporaire ne sert qu'une fois.",
        ),
        warning="Conservez ce document en lieu sûr : il contient votre mot de passe temporaire.",
    )


CONFIRMATION_NOTES = {  # ReceiptData.confirmation_by: how the service confirms the creation
    "email": "Vous recevrez une confirmation de la création de votre DMP par e-mail.",
    "courrier": "Vous recevrez une confirmation de la création de votre DMP par courrier.",
    "": "Vous recevrez une confirmation de la création de votre DMP par e-mail ou par courrier.",
}

RIGHTS = (
    "Vous décidez quels professionnels de santé peuvent consulter votre DMP, et pouvez en bloquer un.",
    "Vous disposez d'un droit d'accès et de rectification des informations de votre DMP.",
    "Vous pouvez fermer votre DMP à tout moment ; ses données sont alors conservées 10 ans, puis supprimées.",
)


def build_content(data: ReceiptData) -> ReceiptContent:
    """Every text of the accusé, for both formats and both variants."""
    return ReceiptContent(
        pharmacy_name=data.pharmacy.name,
        pharmacy_line=f"Officine n° {data.pharmacy.number}",
        title="Accusé de création",
        subtitle="Dossier Médical Partagé (DMP)",
        holder=_holder(data),
        creation=_creation(data),
        credentials=_credentials(data),
        no_account_note=(
            "Aucun compte d'accès en ligne n'a été ouvert. Vous pourrez le demander plus tard "
            f"à un professionnel de santé ou sur {WEB_SITE}."
        ),
        confirmation_note=CONFIRMATION_NOTES.get(data.confirmation_by, CONFIRMATION_NOTES[""]),
        rights=RIGHTS,
        help_lines=(
            f"Sur Internet : {WEB_SITE}, rubrique « FAQ »",
            f"Par téléphone : {SUPPORT_PHONE} ({SUPPORT_PRICE}), {SUPPORT_HOURS}",
        ),
        qr_payload=QR_PAYLOAD,
        qr_caption=f"Scannez pour accéder à {WEB_SITE}",
        footer=f"Document remis au patient le {data.created_at:%d/%m/%Y} — à conserver.",
        training_mark=TRAINING_MARK if data.training else None,
    )
