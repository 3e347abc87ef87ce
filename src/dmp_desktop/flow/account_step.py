"""Step 4's part of the wizard: the account answer, the contacts checked when left, what the end button may do."""

from __future__ import annotations

from dmp_desktop.flow import events as ev
from dmp_desktop.flow.email_typos import suggest_email
from dmp_desktop.flow.state import Step, WizardState
from dmp_desktop.flow.validation import check_contacts, spoken_mobile


class AccountStep(WizardState):
    """Step 4's fields are in WizardState; this adds what the ui reads of them and their transitions."""

    # ------------------------------------------------------------------ what the ui reads

    @property
    def email_suggestion(self) -> str | None:
        """« Vouliez-vous dire … ? »: the address with the domain the patient probably meant (once the e-mail
        field is left), None when it looks right."""
        return self._email_suggestion if self._wants_account else None

    @property
    def contacts_unused(self) -> bool:
        """An e-mail or mobile was typed but the answer is Non: they will not be used (say so, never silently)."""
        return self._wants_account is False and bool(self._email_text.strip() or self._mobile_text.strip())

    @property
    def can_create(self) -> bool:
        """Step 4's end button may be clicked: « Créer sans compte » (no answer yet counts as Non) or « Créer
        avec compte » once at least one contact is valid."""
        if self._step is not Step.ACCOUNT or self.busy or not self.consent.complete:
            return False
        if self._wants_account is not True:
            return True
        # one usable contact is enough to offer it; a click with the other one wrong shows that error
        typed = (("email", self._email_text), ("mobile", self._mobile_text))
        return any(text.strip() and name not in self._field_errors for name, text in typed)

    # ------------------------------------------------------------------ transitions

    def _account_wanted(self, e: ev.AccountWanted) -> bool:
        if self._step is not Step.ACCOUNT:
            return False
        self._wants_account = e.answer
        self._error = None
        if e.answer:
            self._revalidate_contacts()
        else:
            self._field_errors = {}
        return True

    def _contacts_entered(self, e: ev.ContactsEntered) -> bool:
        if self._step is not Step.ACCOUNT:
            return False
        if e.email != self._email_text:
            self._contacts_left.discard("email")  # typing again: checked again when left
            self._email_suggestion = None
        if e.mobile != self._mobile_text:
            self._contacts_left.discard("mobile")
        self._email_text = e.email
        self._mobile_text = e.mobile
        self._revalidate_contacts()
        return True

    def _contact_left(self, e: ev.ContactLeft) -> bool:
        if self._step is not Step.ACCOUNT or e.field not in ("email", "mobile") or not self._wants_account:
            return False
        self._contacts_left.add(e.field)
        if e.field == "email":
            self._email_suggestion = suggest_email(self._email_text)
        else:
            spoken = spoken_mobile(self._mobile_text)
            if spoken is not None:
                self._mobile_text = spoken  # as the patient says it; the request keeps E.164
        return True

    def _revalidate_contacts(self) -> None:
        self._account_request, self._field_errors = check_contacts(self._email_text, self._mobile_text)
