"""Logging set-up: rotating file in the log dir + stderr, with a filter that masks NIR, INS and secrets."""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import re
import sys
from pathlib import Path

LOG_NAME = "dmp-desktop.log"

# 13-15 character NIRs (Corsica 2A/2B included), 20-22 digit INS-C, and anything that names a secret.
_NIR = re.compile(r"(?<![0-9A-Za-z])([1-478])[0-9]{4}(?:[0-9]{2}|2[AB])[0-9]{6}(?:[0-9]{2})?(?![0-9A-Za-z])")
_INSC = re.compile(r"(?<![0-9])[0-9]{20,22}(?![0-9])")
_SECRET = re.compile(
    r"(?i)((?:password|passwd|mot_de_passe|secret|token|temporary_password|pin)\w*[\"']?\s*[:=]\s*[\"']?)"
    r"([^\s\"',;}&]+)"
)


def redact(text: str) -> str:
    """Mask identifiers and secrets in a log line; keeps the first digit / last two so lines stay useful."""
    text = _SECRET.sub(lambda m: m.group(1) + "***", text)
    text = _INSC.sub(lambda m: "INS:" + "*" * (len(m.group(0)) - 2) + m.group(0)[-2:], text)
    return _NIR.sub(lambda m: m.group(1) + "*" * (len(m.group(0)) - 1), text)


class RedactingFilter(logging.Filter):
    """Rewrites every record's final message; applied on handlers so third-party loggers are covered too."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class _RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))  # tracebacks are formatted here, after the filter ran


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are readable by their owner only (0600), the new ones after each
    rotation too: even redacted, a log names pharmacists, workstations and times of creations."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":  # a file made by an older version with 0644 is tightened too
            with contextlib.suppress(OSError):
                os.fchmod(fd, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # rotation always appends


def _tighten_old_logs(log_dir: Path) -> None:
    if os.name != "posix":
        return
    for path in log_dir.glob(LOG_NAME + ".*"):
        with contextlib.suppress(OSError):
            path.chmod(0o600)


def setup_logging(log_dir: Path | None, level: int = logging.INFO, stderr: bool = True) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_dmp_desktop", False):
            root.removeHandler(handler)
            handler.close()
    fmt = _RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    if log_dir is not None:
        try:
            from dmp_desktop.settings import private_dir

            private_dir(log_dir)
            _tighten_old_logs(log_dir)
            handlers.append(
                PrivateRotatingFileHandler(log_dir / LOG_NAME, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
            )
        except OSError as exc:  # a read-only profile must not stop the counter
            logging.getLogger(__name__).warning("cannot write logs to %s: %s", log_dir, exc)
    if stderr and sys.stderr is not None:  # a windowed Windows exe has no stderr
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        handlers.append(stream)
    for handler in handlers:
        handler.addFilter(RedactingFilter())
        handler.setFormatter(fmt)
        handler._dmp_desktop = True  # type: ignore[attr-defined]
        root.addHandler(handler)
