"""The PySide6 wizard (the only package importing Qt widgets); app.py hands it the ports via UiServices."""

from dmp_desktop.ui.launch import UiResult, run
from dmp_desktop.ui.services import UiServices

__all__ = ["UiResult", "UiServices", "run"]
