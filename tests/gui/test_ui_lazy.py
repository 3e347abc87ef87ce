"""Ports built in the background (ui.lazy.Deferred): the window and step 1 work before the counter exists."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.flow.wizard import Step
from dmp_desktop.ui.lazy import Deferred, resolved

from .conftest import Driver, make_services


def test_deferred_resolves_chains_and_reraises():
    gate = threading.Event()
    d = Deferred(lambda: gate.wait(2) and {"x": 1}, "demo")
    assert not d.ready
    doubled = d.then(lambda v: {"x": v["x"] * 2})
    gate.set()
    assert d.resolve(2) == {"x": 1} and resolved(doubled) == {"x": 2} and d.ready
    assert d.get("x") == 1  # attributes are the built object's
    failing = Deferred(lambda: (_ for _ in ()).throw(DomainError(ErrorCode.DB_UNAVAILABLE)), "ledger")
    with pytest.raises(DomainError):
        failing.resolve(2)
    with pytest.raises(DomainError):
        failing.then(lambda v: v).resolve(2)
    assert resolved(5) == 5


def test_waiting_on_the_gui_thread_is_logged(caplog):
    gate = threading.Event()
    d = Deferred(lambda: gate.wait(2) and "ok", "counter")
    threading.Timer(0.05, gate.set).start()
    with caplog.at_level(logging.WARNING, logger="dmp_desktop.ui.lazy"):
        assert d.resolve(2) == "ok"
    assert "GUI thread waits for counter" in caplog.text


def _slow(services, gate: threading.Event):
    counter = services.counter
    return replace(services, counter=Deferred(lambda: gate.wait(5) and counter, "counter"))


def test_step_one_works_while_the_counter_is_still_building(qtbot, fakes, isolated_dirs):
    gate = threading.Event()
    d = Driver(qtbot, fakes, _slow(make_services(fakes), gate))
    try:
        d.insert()  # read through the card reader itself, not the counter
        assert d.view.identify.table.rowCount() == 3 and not d.view.services.counter.ready
        d.select(0)
        d.view.next_button.click()
        qtbot.waitUntil(lambda: d.view.overlay.isVisible())
        assert d.view.overlay.label.text() == "Vérification du DMP…"  # TD0.2 waits for the counter, in the pool
        gate.set()
        d.at(Step.CONSENT)
    finally:
        gate.set()
        d.view.shutdown()


def test_a_counter_that_failed_to_build_is_told_at_step_two(qtbot, fakes, isolated_dirs):
    services = make_services(fakes)

    def broken():
        raise DomainError(ErrorCode.DMP_UNREACHABLE, "simulator did not start")

    d = Driver(qtbot, fakes, replace(services, counter=Deferred(broken, "counter")))
    try:
        d.insert()
        d.select(0)
        d.click(d.view.next_button)
        d.at(Step.CONNECT)
        assert "injoignable" in d.view.connect_page.banner.text()
    finally:
        d.view.shutdown()


def test_host_context_applies_to_a_deferred_counter(qtbot, fakes, isolated_dirs):
    gate = threading.Event()
    gate.set()
    context = {"pharmacist": {"rpps": "10003456789", "first_name": "Anne", "last_name": "Durand"},
               "workstation": "caisse-9"}
    d = Driver(qtbot, fakes, _slow(make_services(fakes), gate), context=context)
    try:
        d.to_consent()
        d.consent()
        d.account(wants=False)
        d.create()
        record = next(iter(fakes.ledger.entries.values())).record
        assert (record.pharmacist_rpps, record.workstation) == ("10003456789", "caisse-9")
    finally:
        d.view.shutdown()
