"""Draw the flow's state on the wizard's pages and buttons (the pages never decide navigation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import Channel
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.outcomes import CreationReport, Outcome, Stage
from dmp_desktop.flow.wizard import Step
from dmp_desktop.ui.messages import message, warning_message

if TYPE_CHECKING:
    from dmp_desktop.ui.wizard import WizardView


def tr(text: str) -> str:
    # lupdate files module-level tr("...") calls under the empty context: look them up there
    return QCoreApplication.translate("", text)


_PAGE = {Step.IDENTIFY: 0, Step.CONNECT: 1, Step.CONSENT: 2, Step.ACCOUNT: 3, Step.CREATING: 3, Step.RESULT: 4}


def render(view: WizardView) -> None:
    flow = view.flow
    step = flow.step if flow.step in _PAGE else Step.IDENTIFY
    index = _PAGE[step]
    view.steps.set_current(index)
    page = view.pages[index]
    if view.stack.currentIndex() != index:
        view.stack.setCurrentIndex(index)
        page.focus_first()
    {
        Step.IDENTIFY: _identify,
        Step.CONNECT: _connect,
        Step.CONSENT: _consent,
        Step.ACCOUNT: _account,
        Step.CREATING: _account,
        Step.RESULT: _result,
    }[step](view)
    _buttons(view, step)
    if flow.busy:
        stages = list(Stage)
        done = stages.index(flow.stage) + 1 if flow.stage in stages else 0
        creating = flow.running in (Task.CREATE, Task.RETRY_ACCOUNT, Task.PRINT)
        view.overlay.set_busy(view.busy_label(), done, len(stages) if creating and done else 0)
    else:
        view.overlay.set_busy("")


def _buttons(view: WizardView, step: Step) -> None:
    flow = view.flow
    view.back_button.setVisible(
        step in (Step.CONNECT, Step.CONSENT, Step.ACCOUNT, Step.CREATING) or (step is Step.RESULT and flow.can_back)
    )
    view.back_button.setEnabled(flow.can_back)
    view.next_button.setVisible(step in (Step.IDENTIFY, Step.CONNECT, Step.CONSENT))
    view.next_button.setEnabled(flow.can_next)
    view.account.create_button.setVisible(step in (Step.ACCOUNT, Step.CREATING))
    if step is not Step.RESULT:
        for button in view.result.action_buttons:
            button.setVisible(False)
    view.result.new_button.setVisible(step is Step.RESULT)
    # nothing to cancel before a card is read; on the result page « Nouveau patient » says it better
    view.cancel_button.setVisible(step is not Step.RESULT and not (step is Step.IDENTIFY and flow.card is None))
    view.cancel_button.setEnabled(flow.can_cancel)


def _reader_text(view: WizardView) -> str:
    flow = view.flow
    if view._reader_problem is not None:
        return message(view._reader_problem).text + " " + message(view._reader_problem).todo
    if view._readers is None:
        return tr("Recherche des lecteurs…")
    reader = view.services.settings.card.reader or (view._readers[0] if view._readers else "")
    if flow.card is not None:
        return tr("Carte lue dans le lecteur « {0} ».").format(flow.card.reader or reader)
    if view.bridge.available:
        return tr("Lecteur « {0} » : en attente de la carte (lecture automatique).").format(reader)
    return tr("Lecteur « {0} » : insérez la carte puis « Lire la carte ».").format(reader)


def _identify(view: WizardView) -> None:
    flow, page = view.flow, view.identify
    page.set_reader_status(_reader_text(view))
    page.set_reading(flow.busy)
    if flow.card is None:
        if page._card is not None or page.table.isVisible() or not page.instruction.text():
            page.show_waiting(view.services.settings.training)
        else:
            page.hint.setText(
                tr("Mode formation : insérez une carte de formation par le menu « Cartes de formation ».")
                if view.services.settings.training
                else ""
            )
    elif page._card is not flow.card:
        page.show_card(flow.card, flow.selected_index)
    elif flow.selected_index is not None and page.selected_index() != flow.selected_index:
        page.select(flow.selected_index)
    error = flow.error
    if error is not None and not (error is ErrorCode.BENEFICIARY_INDEX and flow.selected_index is None):
        page.set_error(message(error), "error" if flow.can_retry or flow.card is None else "warn")
    elif page.error is not None:
        page.set_error(None)
    page.read_button.setText(tr("&Réessayer la lecture") if flow.can_retry else tr("&Lire la carte"))


def _connect(view: WizardView) -> None:
    flow, page, settings = view.flow, view.connect_page, view.services.settings
    b, ins = flow.beneficiary, flow.ins
    if b is not None and ins is not None:
        service = (
            tr("simulateur de formation (aucun envoi réel)")
            if settings.training and not settings.dmp.endpoint
            else settings.dmp.endpoint
        )
        page.show_identities(settings.pharmacist, settings.pharmacy, b, ins, service)
    if flow.busy:
        page.show_checking()
    elif flow.error is not None:
        page.show_failure(message(flow.error), flow.can_retry)
    elif flow.existence is not None:
        page.show_status(flow.existence.status)


def _consent(view: WizardView) -> None:
    flow, page = view.flow, view.consent
    if page.consent() != flow.consent:
        page.set_consent(flow.consent)
    if flow.error is not None:
        page.set_error(message(flow.error), "warn")
    elif page.error is not None:
        page.set_error(None)


def _yes_no(value: bool | None) -> str:
    return tr("oui") if value else tr("non")


def summary_rows(view: WizardView) -> list[tuple[str, str]]:
    flow, settings = view.flow, view.services.settings
    b, ins = flow.beneficiary, flow.ins
    rows: list[tuple[str, str]] = []
    if b is not None:
        rows.append((tr("Patient"), tr("{0}, né(e) le {1}").format(b.display_name, b.birth_date_display)))
    if ins is not None:
        rows.append((tr("Identifiant"), f"{ins.value} ({ins.type.value})"))
    rows.append((tr("Consentement oral"), _yes_no(flow.oral_consent)))
    rows.append(
        (
            tr("Accès en cas d'urgence"),
            tr("autorisé") if flow.emergency_access else tr("refusé") if flow.emergency_access is False else "?",
        )
    )
    printer = settings.printer.name or tr("imprimante par défaut")
    fmt = tr("ticket 80 mm") if settings.printer.format.value == "ticket80" else tr("A4")
    rows.append((tr("Accusé"), f"{printer} ({fmt})"))
    return rows


def _account(view: WizardView) -> None:
    flow, page = view.flow, view.account
    page.set_summary(summary_rows(view))
    if page.wants_account() != flow.wants_account:
        page.set_answer(flow.wants_account, flow.email_text, flow.mobile_text)
    else:
        # never rewrite a field the pharmacist is typing in (the cursor would jump)
        if page.email.text() != flow.email_text and not page.email.hasFocus():
            page.email.setText(flow.email_text)
        if page.mobile.text() != flow.mobile_text and not page.mobile.hasFocus():
            page.mobile.setText(flow.mobile_text)
    page.set_busy(flow.busy)
    if flow.error is not None:
        page.set_error(message(flow.error), "warn")
    elif page.error is not None:
        page.set_error(None)


def _channels_text(report: CreationReport) -> str:
    names = {Channel.SMS: tr("SMS"), Channel.EMAIL: tr("e-mail")}
    return ", ".join(names[c] for c in report.channels)


def _result(view: WizardView) -> None:
    flow, page = view.flow, view.result
    outcome, report = flow.outcome, flow.report
    if outcome is Outcome.CREATED and report is not None:
        _created(view, report)
        return
    page.set_preview(None)
    page.show_print_status("", "")
    rows = [r for r in summary_rows(view) if r[0] in (tr("Patient"), tr("Identifiant"))]
    page.set_details(rows)
    if outcome is Outcome.ALREADY_EXISTS:
        page.show_outcome("info", tr("Ce patient a déjà un DMP"), tr("Rien à créer : il le consulte sur dmp.fr."))
    elif outcome is Outcome.CLOSED:
        page.show_outcome("warn", tr("Le DMP de ce patient est fermé"), message(ErrorCode.DMP_CLOSED).todo)
    elif outcome is Outcome.REFUSED:
        page.show_outcome(
            "warn",
            tr("Création refusée : le DMP est désormais créé automatiquement"),
            tr(
                "Depuis le 1er juillet 2021, les professionnels ne créent plus le DMP : il est ouvert "
                "automatiquement dans « Mon espace santé ». Invitez le patient à activer son profil sur "
                "monespacesante.fr. Rien n'a été créé ni compté."
            ),
        )
    elif outcome is Outcome.PENDING:  # neither created nor failed: the journal checks it again
        msg = message(ErrorCode.DMP_CREATION_UNCONFIRMED)
        page.show_outcome("warn", tr("Création non confirmée"), f"{msg.text}<br>{msg.todo}")
    else:
        msg = message(flow.error or ErrorCode.INTERNAL)
        page.show_outcome("error", tr("Le DMP n'a pas été créé"), f"{msg.text}<br>{msg.todo}")
    retry = tr("Réessa&yer la création") if flow.can_retry else None
    page.set_actions(reprint=False, save=False, retry=retry)


def _created(view: WizardView, report: CreationReport) -> None:
    flow, page = view.flow, view.result
    title = tr("DMP créé")
    if report.account_pending:
        body = tr("Le DMP est créé, mais pas encore le compte d'accès du patient.")
    elif not report.printed:
        body = tr("Le DMP est créé ; l'accusé reste à imprimer (ou à enregistrer en PDF).")
    elif report.account is not None:
        body = tr("Remettez l'accusé au patient : il contient son identifiant et son mot de passe provisoire.")
    else:
        body = tr("Remettez l'accusé de création au patient. Il recevra une confirmation par e-mail ou courrier.")
    page.show_outcome("warn" if report.account_pending else "ok", title, body)
    rows = [r for r in summary_rows(view) if r[0] != tr("Accusé")]
    if report.created_at is not None:
        rows.append((tr("Créé le"), report.created_at.strftime("%d/%m/%Y %H:%M")))
    if report.account is not None:
        rows.append((tr("Identifiant de connexion"), report.account.login))
        rows.append((tr("Codes envoyés par"), _channels_text(report)))
    page.set_details(rows)
    _print_status(view, report)
    if report.account_pending and report.account_error is not None:
        msg = message(report.account_error)
        page.show_print_status("warn", tr("Compte d'accès non créé : ") + msg.text, msg.todo)
    for warning in report.warnings:
        notice = warning_message(warning)
        page.print_banner.show_text("warn", notice.text, notice.todo)
    retry = None
    if flow.can_retry and report.account_pending and report.account_error is not None:
        retry = tr("Réessa&yer le compte")
    page.set_actions(reprint=True, save=bool(report.pdf), retry=retry)
    page.reprint_button.setText(
        tr("Imprimer l'&accusé sans compte")
        if report.account_pending
        else tr("&Réimprimer l'accusé") if report.printed else tr("Imprimer l'&accusé")
    )
    _preview(view, report)


def _print_status(view: WizardView, report: CreationReport) -> None:
    page = view.result
    if report.printed and report.print_result is not None:
        page.show_print_status("ok", tr("Accusé imprimé sur « {0} ».").format(report.print_result.printer or "?"))
    elif report.print_error is not None:
        msg = message(report.print_error)
        page.show_print_status("error", msg.text, msg.todo)
    else:
        page.show_print_status("", "")


def _preview(view: WizardView, report: CreationReport) -> None:
    """Render the first page of the accusé off the GUI thread, once per PDF (a new one after an account
    retry: the preview must show the credentials the patient is handed)."""
    preview = view.services.preview
    pdf = report.pdf
    # compare the bytes object itself (kept referenced), never id(): a freed PDF's id can be reused
    if preview is None or not pdf or view._preview_for is pdf:
        return
    view._preview_for = pdf

    def done(png: bytes) -> None:
        current = view.flow.report
        if current is not None and current.pdf is pdf:
            view.result.set_preview(png)

    view.runner.submit(lambda: preview(pdf), done, lambda _e: view.result.set_preview(None))
