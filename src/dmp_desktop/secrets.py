"""OS keyring wrapper (one service name) and an in-memory store for tests and keyring-less training."""

from __future__ import annotations

import threading

import keyring
import keyring.errors

from dmp_desktop.domain.errors import DomainError, ErrorCode

SERVICE = "dmp-desktop"
CERTIFICATE_PASSWORD = "structure-certificate-password"  # noqa: S105 (the keyring entry name)


def keyring_backend_name() -> str:
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def keyring_usable() -> bool:
    """False for the fail/null backends (headless Linux without a Secret Service)."""
    name = keyring_backend_name()
    return not any(bad in name for bad in ("keyring.backends.fail", "keyring.backends.null", "chainer.Chainer"))


class KeyringSecretStore:
    """Secrets in the OS keyring (Windows Credential Manager, Secret Service, macOS Keychain)."""

    def get(self, name: str) -> str | None:
        try:
            return keyring.get_password(SERVICE, name)
        except keyring.errors.KeyringError as exc:
            raise DomainError(ErrorCode.KEYRING_UNAVAILABLE, type(exc).__name__) from None

    def set(self, name: str, value: str) -> None:
        try:
            keyring.set_password(SERVICE, name, value)
        except keyring.errors.KeyringError as exc:
            raise DomainError(ErrorCode.KEYRING_UNAVAILABLE, type(exc).__name__) from None

    def delete(self, name: str) -> None:
        try:
            keyring.delete_password(SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise DomainError(ErrorCode.KEYRING_UNAVAILABLE, type(exc).__name__) from None


class MemorySecretStore:
    """Secrets that live as long as the process (tests; training mode when no keyring backend exists)."""

    def __init__(self, initial: dict[str, str] | None = None) -> None:
        self._values = dict(initial or {})
        self._lock = threading.Lock()

    def get(self, name: str) -> str | None:
        with self._lock:
            return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        with self._lock:
            self._values[name] = value

    def delete(self, name: str) -> None:
        with self._lock:
            self._values.pop(name, None)
