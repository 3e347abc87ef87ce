"""The PySide6 wizard (the only package importing Qt widgets); app.py hands it the ports via UiServices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dmp_desktop.ui.launch import UiResult, run
    from dmp_desktop.ui.services import UiServices

__all__ = ["UiResult", "UiServices", "run"]


def __getattr__(name: str) -> Any:
    # resolved on first use: the window's start imports only what it shows first (ui.launch.open_window)
    if name in ("UiResult", "run"):
        from dmp_desktop.ui import launch

        return getattr(launch, name)
    if name == "UiServices":
        from dmp_desktop.ui.services import UiServices

        return UiServices
    raise AttributeError(name)
