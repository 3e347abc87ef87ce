"""The GUI thread never blocks: slow work shows progress, late results are dropped, card events are queued."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.ports import CardEvent, CardEventKind
from dmp_desktop.flow.fakes import FakeCardReader, sample_card
from dmp_desktop.flow.wizard import Step
from dmp_desktop.ui.card_bridge import CardBridge
from dmp_desktop.ui.runner import Runner


class SlowReader(FakeCardReader):
    """Blocks in read() until released, like a card that takes its time."""

    def __init__(self) -> None:
        super().__init__(sample_card())
        self.release = threading.Event()
        self.started = threading.Event()
        self.threads: list[threading.Thread] = []

    def read(self, reader=None, wait=0.0):
        self.threads.append(threading.current_thread())
        self.started.set()
        self.release.wait(5)
        return super().read(reader, wait)


def test_slow_card_read_keeps_the_window_alive_and_says_what_runs(fakes, make_driver, qtbot):
    fakes.reader = SlowReader()
    d = make_driver(fakes)
    from dmp_desktop.flow import events as ev

    d.view.send(ev.CardInserted(""))
    assert fakes.reader.started.wait(2)
    ticks = []
    qtbot.waitUntil(lambda: d.view.overlay.isVisible())
    for _ in range(5):
        qtbot.wait(10)
        ticks.append(1)  # the event loop turns while the read blocks its worker
    assert d.view.overlay.label.text() == "Lecture de la carte…"
    assert fakes.reader.threads[0] is not threading.main_thread()
    fakes.reader.release.set()
    d.idle()
    assert d.flow.card is not None and not d.view.overlay.isVisible()
    assert len(ticks) == 5


def test_late_card_read_after_removal_is_dropped(fakes, make_driver):
    fakes.reader = SlowReader()
    d = make_driver(fakes)
    from dmp_desktop.flow import events as ev

    d.view.send(ev.CardInserted(""))
    assert fakes.reader.started.wait(2)
    d.view.send(ev.CardRemoved(""))  # pulled while the worker still reads
    fakes.reader.release.set()
    d.qtbot.waitUntil(lambda: d.view.runner.active() == 0)
    d.qtbot.wait(20)
    assert d.flow.card is None and d.flow.step is Step.IDENTIFY
    assert not d.view.identify_page.table.isVisible()


def test_runner_drops_results_after_invalidate(qtbot):
    runner = Runner()
    got: list[object] = []
    gate = threading.Event()
    runner.submit(lambda: gate.wait(2) and "old", got.append, got.append, label="x")
    assert runner.busy_label() == "x"
    runner.invalidate()
    assert runner.busy_label() == ""
    gate.set()
    runner.submit(lambda: "new", got.append)
    qtbot.waitUntil(lambda: got == ["new"])
    assert runner.wait(2000)
    qtbot.wait(20)
    assert got == ["new"]


def test_runner_reports_domain_errors_and_bugs(qtbot):
    runner = Runner()
    errors: list[DomainError] = []

    def boom():
        raise DomainError(ErrorCode.DMP_TIMEOUT)

    def bug():
        raise KeyError("x")

    runner.submit(boom, None, errors.append)
    runner.submit(bug, None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2)
    assert {e.code for e in errors} == {ErrorCode.DMP_TIMEOUT, ErrorCode.INTERNAL}
    runner.wait(2000)


class ThreadMonitor:
    """A CardMonitor calling back from its own thread, as the real one does."""

    def __init__(self) -> None:
        self.callback = None
        self.stopped = False

    def start(self, callback):
        self.callback = callback

    def stop(self):
        self.stopped = True

    def fire(self, event: CardEvent) -> threading.Thread:
        t = threading.Thread(target=self.callback, args=(event,))
        t.start()
        return t


def test_card_bridge_delivers_monitor_events_on_the_gui_thread(qtbot):
    monitor = ThreadMonitor()
    bridge = CardBridge(monitor)
    seen: list[tuple[CardEvent, bool]] = []
    bridge.card_event.connect(lambda e: seen.append((e, QThread.currentThread() is bridge.thread())))
    bridge.start()
    monitor.fire(CardEvent(CardEventKind.CARD_INSERTED, "R1")).join()
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen[0] == (CardEvent(CardEventKind.CARD_INSERTED, "R1"), True)
    bridge.stop()
    assert monitor.stopped


def test_monitor_insert_event_reads_the_card(fakes, make_driver):
    monitor = ThreadMonitor()
    d = make_driver(fakes)
    d.view.bridge._monitor = monitor
    d.view.bridge.start()
    fakes.reader.insert(sample_card())
    monitor.fire(CardEvent(CardEventKind.CARD_INSERTED, sample_card().reader)).join()
    d.qtbot.waitUntil(lambda: d.flow.card is not None)
    assert "automatique" not in d.view.identify_page.reader_status.text()  # card read now
    monitor.fire(CardEvent(CardEventKind.CARD_REMOVED, sample_card().reader)).join()
    d.qtbot.waitUntil(lambda: d.flow.card is None)


def test_read_with_a_monitor_does_not_wait_for_a_card(fakes, make_driver):
    """« Lire la carte » on an empty reader: with a monitor (the card is read when it is seen) the answer is
    at once; without one, the read waits [card] wait_seconds for the pharmacist to insert it."""
    d = make_driver(fakes)
    d.view.bridge._monitor = ThreadMonitor()
    d.click(d.view.identify_page.read_button)
    d.qtbot.waitUntil(lambda: d.flow.error is ErrorCode.NO_CARD)
    assert fakes.reader.waits == [0.0]
    d.view.bridge._monitor = None
    d.click(d.view.identify_page.read_button)
    d.qtbot.waitUntil(lambda: len(fakes.reader.waits) == 2 and not d.flow.busy)
    assert fakes.reader.waits[1] == d.view.services.settings.card.wait_seconds > 0
