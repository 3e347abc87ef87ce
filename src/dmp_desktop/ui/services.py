"""What the composition root hands to the ui: port objects and callbacks, never adapter imports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dmp_desktop.domain.ports import CardMonitor, CardReader, CreationLedger, ReceiptPrinter, ReceiptRenderer
from dmp_desktop.settings import Settings


@dataclass
class UiServices:
    """Everything the wizard and its menus call. app.build_ui_services(settings) builds the real one;
    tests build one from dmp_desktop.flow.fakes."""

    reader: CardReader
    counter: Any  # dmp_desktop.flow.usecases.CounterServices: existence test, creation, account, receipt
    ledger: CreationLedger
    renderer: ReceiptRenderer
    printer: ReceiptPrinter
    settings: Settings
    monitor: CardMonitor | None = None
    # PDF bytes -> PNG bytes of the first page (the ui may not import receipts); None: no preview shown
    preview: Callable[[bytes], bytes] | None = None
    # (menu label, callback inserting that training card): the virtual card on vpcd or the in-process reader
    training_cards: list[tuple[str, Callable[[], None]]] = field(default_factory=list)
    remove_training_card: Callable[[], None] | None = None
    # persist edited settings (TOML); None: the settings dialog is read-only
    save_settings: Callable[[Settings], None] | None = None
    # called when the window closes (stop the simulator, close DB engines...)
    close: Callable[[], None] | None = None
