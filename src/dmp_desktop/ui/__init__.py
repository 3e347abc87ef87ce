"""The PySide6 wizard (the only package importing Qt widgets); app.py hands it the ports via UiServices."""

from __future__ import annotations

from dmp_desktop.ui.launch import NoDisplayError, UiResult, run
from dmp_desktop.ui.services import StepServices, UiServices

__all__ = ["NoDisplayError", "StepServices", "UiResult", "UiServices", "run"]
