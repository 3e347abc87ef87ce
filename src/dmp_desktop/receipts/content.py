"""What the accusé says, in French, as plain data (sections and rows); pdf.py only lays it out.

Written for the patient who takes it home: plain words first, a technical term only small and in brackets,
one word for the password (« mot de passe provisoire »), typographic apostrophes (’) throughout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dmp_desktop.domain.identity import InsType
from dmp_desktop.domain.model import ReceiptData
from dmp_desktop.receipts.masking import mask_email, mask_phone

# The patient site and its help, as the Assurance Maladie leaflet (seeds/000) names them. The leaflet's
# phone line is the professionals' one: it is never printed for the patient.
WEB_SITE = "dmp.fr"
WEB_SITE_FULL = "www.dmp.fr"
PASSWORD_WORD = "mot de passe provisoire"  # noqa: S105  # the word printed, not a password
PASSWORD_LABEL = "Mot de passe provisoire"  # noqa: S105  # printed before it; preview.py finds it by this
# ASCII only: scanners guess the charset of non-ASCII QR payloads (guide §3).
QR_PAYLOAD = "https://www.dmp.fr/"
TRAINING_MARK = "FORMATION — document sans valeur"


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    note: str = ""  # printed small under the value: the technical term a professional may ask for


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Credentials:
    login: str
    password: str
    otp_intro: str
    otp_destinations: tuple[str, ...]  # already masked
    steps: tuple[str, ...]
    warning: str


@dataclass(frozen=True)
class ReceiptContent:
    pharmacy_name: str
    pharmacy_line: str
    title: str
    subtitle: str
    intro: tuple[str, ...]  # what the DMP is and what it holds
    holder: Section
    creation: Section
    emergency_note: str
    credentials: Credentials | None
    account_title: str
    no_account_note: str  # without credentials: no account, or one opened earlier (a reprint)
    confirmation_note: str
    rights: tuple[str, ...]
    help_title: str
    help_lines: tuple[str, ...]
    qr_payload: str
    qr_caption: str
    footer: str
    training_mark: str | None


INTRO = (
    "Le DMP, votre carnet de santé numérique gratuit, garde vos traitements, examens, comptes rendus "
    "d’hospitalisation, allergies et 24 mois de soins remboursés.",
    "Il est confidentiel : seuls les soignants que vous choisissez le consultent.",
)

RIGHTS = (
    "Vous choisissez qui consulte votre DMP et pouvez bloquer un soignant.",
    "Vous pouvez lire et faire corriger vos données.",
    "Vous pouvez fermer votre DMP : il est alors gardé 10 ans, puis supprimé.",
)

HELP_LINES = (
    f"Questions : {WEB_SITE_FULL}, rubrique « FAQ ».",
    f"Nous écrire : formulaire de contact de {WEB_SITE_FULL}, rubrique « support ».",
)

NO_ACCOUNT_NOTE = (
    f"Aucun compte d’accès en ligne n’a été ouvert : vous pourrez le demander à un soignant ou sur {WEB_SITE}."
)
ACCOUNT_OPENED_EARLIER_NOTE = (
    "Un compte d’accès en ligne a été ouvert lors de la création ; ses identifiants ne sont pas réimprimés. "
    "Identifiants perdus : votre pharmacien peut vous en donner de nouveaux."
)


def civility(sex: str) -> str:
    return {"M": "M.", "F": "Mme"}.get(sex, "")


def born_label(sex: str) -> str:
    return {"M": "Né le", "F": "Née le"}.get(sex, "Date de naissance")


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
    """What the number is, in plain words; the technical name small, in brackets."""
    if ins_type is InsType.INS_NIR:
        return "votre numéro de sécurité sociale (INS-NIR)"
    return "calculé à partir de votre carte Vitale (INS-C)"


def local(at: datetime) -> datetime:
    """The counter's wall-clock time: the journal and the clock are in UTC, the patient reads local time."""
    return at.astimezone() if at.tzinfo is not None else at


def format_datetime(at: datetime) -> str:
    at = local(at)
    return f"{at:%d/%m/%Y} à {at:%H} h {at:%M}"


def footer(data: ReceiptData) -> str:
    """The day this paper is handed over; a later reprint says so and keeps the creation's day beside it."""
    created = local(data.created_at)
    issued = local(data.issued_at) if data.issued_at is not None else created
    if issued.date() != created.date():
        return f"Réimprimé le {issued:%d/%m/%Y} (DMP créé le {created:%d/%m/%Y}) — à conserver."
    return f"Document remis le {issued:%d/%m/%Y} — à conserver."


def emergency_label(answer: bool | None) -> str:
    if answer is None:
        return "non renseigné"
    return "autorisé" if answer else "refusé"


def emergency_note(answer: bool | None) -> str:
    """The emergency choice in one plain sentence, and where to change it."""
    change = f"Modifiable à tout moment sur {WEB_SITE}."
    if answer:
        return "Si vous ne pouvez pas donner votre accord, le SAMU ou les urgences pourront lire votre DMP. " + change
    if answer is None:
        return change
    return "Sans votre accord, le SAMU et les urgences ne pourront pas lire votre DMP. " + change


def _holder(data: ReceiptData) -> Section:
    b = data.beneficiary
    name = " ".join(part for part in (civility(b.sex), b.first_name, b.surname.upper()) if part)
    rows = [Row("Titulaire", name)]
    if b.birth_name and b.birth_name.upper() != b.surname.upper():
        rows.append(Row("Nom de naissance", b.birth_name.upper()))
    rows += [
        Row(born_label(b.sex), b.birth_date_display),
        Row("Identifiant de santé", format_ins(data), ins_type_label(data.ins.type)),
    ]
    return Section("Votre DMP", tuple(rows))


def _creation(data: ReceiptData) -> Section:
    return Section(
        "Création",
        (
            Row("Créé le", format_datetime(data.created_at)),
            Row("Pharmacien(ne)", data.pharmacist.display_name),
            Row("Votre accord", "donné oralement"),
            Row("Accès en cas d’urgence (SAMU)", emergency_label(data.consent.emergency_access),
                "(« bris de glace », « centre 15 »)"),
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
        otp_intro="Code envoyé à chaque connexion :",
        otp_destinations=tuple(destinations),
        steps=(
            f"Sur {WEB_SITE} ou l’application DMP, saisissez l’identifiant, le {PASSWORD_WORD}, puis le code reçu.",
            "Choisissez alors votre mot de passe : le provisoire ne sert qu’une fois.",
        ),
        warning=f"Gardez ce document en lieu sûr : il contient votre {PASSWORD_WORD}.",
    )


CONFIRMATION_NOTES = {  # ReceiptData.confirmation_by: how the service confirms the creation
    "email": "Une confirmation de création vous sera envoyée par e-mail.",
    "courrier": "Une confirmation de création vous sera envoyée par courrier.",
    "": "Une confirmation de création vous sera envoyée par e-mail ou par courrier.",
}


def build_content(data: ReceiptData) -> ReceiptContent:
    """Every text of the accusé, for both formats and both variants."""
    return ReceiptContent(
        pharmacy_name=data.pharmacy.name,
        pharmacy_line=f"Officine n° {data.pharmacy.number}",
        title="Accusé de création",
        subtitle="Dossier Médical Partagé (DMP)",
        intro=INTRO,
        holder=_holder(data),
        creation=_creation(data),
        emergency_note=emergency_note(data.consent.emergency_access),
        credentials=_credentials(data),
        account_title="Votre accès en ligne",
        no_account_note=ACCOUNT_OPENED_EARLIER_NOTE if data.account_opened_earlier else NO_ACCOUNT_NOTE,
        confirmation_note=CONFIRMATION_NOTES.get(data.confirmation_by, CONFIRMATION_NOTES[""]),
        rights=RIGHTS,
        help_title="Besoin d’aide ?",
        help_lines=HELP_LINES,
        qr_payload=QR_PAYLOAD,
        qr_caption="Scannez-moi",
        footer=footer(data),
        training_mark=TRAINING_MARK if data.training else None,
    )
