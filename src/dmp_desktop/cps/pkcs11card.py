"""The professional's card through a PKCS#11 module (Cryptolib CPS, or SoftHSM2 in tests): reader and session."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pkcs11
from pkcs11 import Attribute, Mechanism, ObjectClass, TokenFlag

from dmp_desktop.cps import module, objects
from dmp_desktop.cps.certificate import build_holder, parse_certificate
from dmp_desktop.cps.pin import PinCounter, incorrect, pin_state_from_flags, tries_left
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import CardHolder, PinState, Situation

T = TypeVar("T")

# What a card pulled out looks like, depending on the module and the moment.
_REMOVED = (pkcs11.TokenNotPresent, pkcs11.DeviceRemoved, pkcs11.SessionHandleInvalid, pkcs11.SessionClosed)
_MECHANISMS = {"sha256": Mechanism.SHA256_RSA_PKCS, "sha1": Mechanism.SHA1_RSA_PKCS}


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _value(obj: Any, attribute: Attribute) -> Any:
    try:
        return obj[attribute]
    except (pkcs11.AttributeTypeInvalid, pkcs11.AttributeSensitive):
        return None


def _objects(session: Any, cls: ObjectClass) -> dict[str, Any]:
    """Objects of one class by label (the first of each label)."""
    found: dict[str, Any] = {}
    for obj in session.get_objects({Attribute.CLASS: cls}):
        label = _value(obj, Attribute.LABEL) or ""
        found.setdefault(label, obj)
    return found


def _present(slot: Any, serial: bytes) -> bool:
    """Is the very token still in the slot? Any failure to describe it counts as no (SoftHSM2 answers
    CKR_GENERAL_ERROR for a deleted token folder; a finalised module CKR_CRYPTOKI_NOT_INITIALIZED)."""
    try:
        return bool(slot.get_token().serial == serial)
    except Exception:
        return False


def _removed_or(exc: Exception, present: bool, what: str) -> DomainError:
    if not present or isinstance(exc, _REMOVED):
        return DomainError(ErrorCode.CPS_REMOVED, f"{what}: {type(exc).__name__}")
    return DomainError(ErrorCode.CPS_UNKNOWN, f"{what}: the card answered {type(exc).__name__}")


class Pkcs11CardSession:
    """A card after its PIN (the CardSession port). Every call re-checks nothing: a card pulled shows as
    CPS_REMOVED on the next call, after one probe of the slot."""

    def __init__(self, slot: Any, serial: bytes, session: Any, keys: dict[str, Any], certificates: dict[str, bytes],
                 holder: CardHolder, situations: tuple[Situation, ...]) -> None:
        self._slot = slot
        self._serial = serial
        self._session = session
        self._keys = keys
        self._certificates = certificates
        self._holder = holder
        self._situations = situations
        self._closed = False

    @property
    def holder(self) -> CardHolder:
        return self._holder

    @property
    def situations(self) -> tuple[Situation, ...]:
        return self._situations

    def authentication_certificate(self) -> bytes:
        return self._certificates[objects.CERT_AUT]

    def signature_certificate(self) -> bytes:
        return self._certificates[objects.CERT_SIG]

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        if self._closed:
            raise DomainError(ErrorCode.CPS_REMOVED, f"{what}: the card session is closed")
        with module.module_lock():
            try:
                return fn()
            except pkcs11.PKCS11Error as exc:
                raise _removed_or(exc, _present(self._slot, self._serial), what) from None

    def sign_authentication(self, digest_info: bytes) -> bytes:
        key = self._keys[objects.PRIV_AUT]
        return bytes(self._call("sign_authentication", lambda: key.sign(digest_info, mechanism=Mechanism.RSA_PKCS)))

    def sign_signature(self, data: bytes, hash_name: str = "sha256") -> bytes:
        mechanism = _MECHANISMS.get(hash_name.lower())
        if mechanism is None:
            raise ValueError(f"hash {hash_name!r}: sha256 or sha1")
        key = self._keys[objects.PRIV_SIG]
        return bytes(self._call("sign_signature", lambda: key.sign(data, mechanism=mechanism)))

    def is_present(self) -> bool:
        """The same card still in its slot, and this session still valid on it (a card pulled and put back
        keeps its serial, but its sessions are gone: reading a key's label fails then)."""
        if self._closed:
            return False
        with module.module_lock():
            if not _present(self._slot, self._serial):
                return False
            try:
                return bool(self._keys[objects.PRIV_AUT][Attribute.LABEL] == objects.PRIV_AUT)
            except Exception:
                return False

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        # the card gone or the module finalised: nothing left to close
        with module.module_lock(), contextlib.suppress(Exception):
            self._session.close()  # C_Logout + C_CloseSession


class Pkcs11CardReader:
    """The ProfessionalCardReader over a PKCS#11 module. `token_label` picks one token when several carry
    the CPS objects (empty: the first). A SoftHSM2 module gets the PIN lockout of a real card (pin.py)."""

    def __init__(self, module_path: str, token_label: str = "", today: Callable[[], dt.date] = _today,
                 counter_file: Path | None = None) -> None:
        self.module_path = module_path
        self.token_label = token_label
        self._today = today
        self._counter_file = counter_file
        self._session: Pkcs11CardSession | None = None

    # ---------------------------------------------------------------- finding the card

    def module_description(self) -> str:
        with module.module_lock():
            return module.description(module.load(self.module_path))

    def _tokens(self, lib: Any) -> list[Any]:
        try:
            slots = lib.get_slots(token_present=True)
        except pkcs11.PKCS11Error as exc:
            raise DomainError(ErrorCode.CPS_MISSING, f"slot list: {type(exc).__name__}") from None
        tokens = []
        for slot in slots:
            try:
                token = slot.get_token()
            except pkcs11.PKCS11Error:
                continue  # a reader whose card is being pulled, or a mute card
            if not token.flags & TokenFlag.TOKEN_INITIALIZED:
                continue  # SoftHSM2's spare empty slot
            if self.token_label and token.label != self.token_label:
                continue
            tokens.append(token)
        if not tokens:
            which = f"no token labelled « {self.token_label} »" if self.token_label else "no card in the readers"
            raise DomainError(ErrorCode.CPS_MISSING, which)
        return tokens

    def _card(self) -> tuple[Any, Any, dict[str, Any]]:
        """The first token carrying the CPS certificates: (token, public session, certificate objects)."""
        lib = module.load(self.module_path)
        labels = []
        for token in self._tokens(lib):
            try:
                session = token.open()
                certificates = _objects(session, ObjectClass.CERTIFICATE)
            except pkcs11.PKCS11Error as exc:
                raise DomainError(ErrorCode.CPS_REMOVED, f"opening the card: {type(exc).__name__}") from None
            if objects.CERT_AUT in certificates:
                return token, session, certificates
            _close_quietly(session)
            labels.append(token.label)
        raise DomainError(ErrorCode.CPS_UNKNOWN,
                          f"token(s) {', '.join(labels)} without « {objects.CERT_AUT} »: not a CPS/CPE card")

    def _describe(self, session: Any, certificates: dict[str, Any]) -> CardHolder:
        info = parse_certificate(bytes(certificates[objects.CERT_AUT][Attribute.VALUE]))
        data = _objects(session, ObjectClass.DATA)
        ours: dict[str, Any] = {}
        raw_specialty = ""
        for label in objects.PUBLIC_DATA:
            if label not in data:
                continue
            value = bytes(_value(data[label], Attribute.VALUE) or b"")
            decoded = objects.decode_ours(_value(data[label], Attribute.APPLICATION) or "", value)
            if decoded is not None:
                ours.update(decoded)
            elif label == objects.INFO_PS:
                raw_specialty = objects.specialty_from_raw_info(value)
        return build_holder(info, ours, raw_specialty)

    def _check_validity(self, holder: CardHolder) -> None:
        if holder.expired(self._today()):
            raise DomainError(ErrorCode.CPS_EXPIRED,
                              f"{holder.display_name}: valid {holder.not_before} to {holder.not_after}")

    def holder(self, *, allow_expired: bool = False) -> CardHolder:
        with module.module_lock():
            _, session, certificates = self._card()
            try:
                holder = self._describe(session, certificates)
            except pkcs11.PKCS11Error as exc:
                raise DomainError(ErrorCode.CPS_REMOVED, f"reading the card: {type(exc).__name__}") from None
            finally:
                _close_quietly(session)
        if not allow_expired:
            self._check_validity(holder)
        return holder

    # ---------------------------------------------------------------- the PIN

    def _counter(self, lib: Any, token: Any) -> PinCounter | None:
        if not module.is_softhsm(lib):
            return None  # a real card keeps its own counter and shows it in the token flags
        path = self._counter_file or module.softhsm_counter_file()
        return PinCounter(path, token.serial.decode("ascii", errors="replace") or token.label)

    def pin_state(self) -> PinState:
        with module.module_lock():
            lib = module.load(self.module_path)
            token, session, _ = self._card()
            _close_quietly(session)
            counter = self._counter(lib, token)
            return counter.state() if counter else pin_state_from_flags(int(token.flags))

    def login(self, pin: str) -> Pkcs11CardSession:
        """C_Login, then the keys, certificates and situations. One open session per reader: a new login
        closes the previous session (PKCS#11 logs a whole application in at once)."""
        self.close()
        with module.module_lock():
            lib = module.load(self.module_path)
            token, public, certificates = self._card()
            try:
                holder = self._describe(public, certificates)
            except pkcs11.PKCS11Error as exc:
                raise DomainError(ErrorCode.CPS_REMOVED, f"reading the card: {type(exc).__name__}") from None
            finally:
                _close_quietly(public)
            self._check_validity(holder)  # an expired card is refused before a try is spent
            counter = self._counter(lib, token)
            if counter is not None:
                counter.check()
            elif pin_state_from_flags(int(token.flags)) is PinState.LOCKED:
                raise DomainError(ErrorCode.CPS_PIN_LOCKED, "0")
            session = self._open(token, pin, counter)
            try:
                card = self._unlocked(token, session, holder)
            except BaseException:
                _close_quietly(session)
                raise
        self._session = card
        return card

    def _open(self, token: Any, pin: str, counter: PinCounter | None) -> Any:
        # python-pkcs11 opens a session then calls C_Login; a refused PIN leaves that handle open until the
        # module is finalised (a handful at most: the card blocks after three).
        try:
            session = token.open(user_pin=pin)
        except (pkcs11.PinIncorrect, pkcs11.PinInvalid, pkcs11.PinLenRange):
            if counter is not None:
                raise incorrect(counter.failed()) from None
            try:
                state = pin_state_from_flags(int(token.slot.get_token().flags))
            except pkcs11.PKCS11Error:
                state = PinState.READY  # the flags are unreadable: the tries left are unknown
            raise (incorrect(tries_left(state)) if state is not PinState.READY
                   else DomainError(ErrorCode.CPS_PIN_INCORRECT, "")) from None
        except pkcs11.PinLocked:
            if counter is not None:
                counter.set(0)
            raise DomainError(ErrorCode.CPS_PIN_LOCKED, "0") from None
        except pkcs11.UserAlreadyLoggedIn:
            raise DomainError(ErrorCode.CPS_UNKNOWN, "the card is already logged in by another session") from None
        except pkcs11.PKCS11Error as exc:
            raise _removed_or(exc, _present(token.slot, token.serial), "C_Login") from None
        if counter is not None:
            counter.succeeded()
        return session

    def _unlocked(self, token: Any, session: Any, holder: CardHolder) -> Pkcs11CardSession:
        try:
            keys = _objects(session, ObjectClass.PRIVATE_KEY)
            certificates = _objects(session, ObjectClass.CERTIFICATE)
            data = _objects(session, ObjectClass.DATA)
            missing = [label for label in (objects.PRIV_AUT, objects.PRIV_SIG) if label not in keys]
            missing += [label for label in (objects.CERT_AUT, objects.CERT_SIG) if label not in certificates]
            if missing:
                raise DomainError(ErrorCode.CPS_UNKNOWN, f"card without {', '.join(missing)}")
            situations = []
            for index in range(objects.MAX_ACTIVITIES):
                obj = data.get(objects.activity_label(index))
                if obj is not None:
                    situation = objects.decode_activity(bytes(_value(obj, Attribute.VALUE) or b""))
                    if situation is not None:
                        situations.append(situation)
            ders = {label: bytes(certificates[label][Attribute.VALUE])
                    for label in (objects.CERT_AUT, objects.CERT_SIG)}
        except pkcs11.PKCS11Error as exc:
            raise _removed_or(exc, _present(token.slot, token.serial), "reading the card") from None
        return Pkcs11CardSession(token.slot, token.serial, session,
                                 {label: keys[label] for label in (objects.PRIV_AUT, objects.PRIV_SIG)},
                                 ders, holder, tuple(situations))

    def close(self) -> None:
        """Close this reader's session (the module stays loaded for the next card)."""
        if self._session is not None:
            self._session.close()
            self._session = None


def _close_quietly(session: Any) -> None:
    with contextlib.suppress(Exception):  # a session of a card already pulled
        session.close()
