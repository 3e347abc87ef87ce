"""Simulator parts without I/O: fault board, credentials (format, salted hash), preload from the cards."""

from __future__ import annotations

import re

import pytest

from dmp_desktop.dmp.simulator.faults import FaultBoard
from dmp_desktop.dmp.simulator.state import check_password, hash_password, new_login, new_password


def test_fault_board_matching_and_counts() -> None:
    board = FaultBoard()
    board.add("http500", "111", transaction="TD1.1", count=2)
    board.add("latency", None, seconds=0.1)
    assert board.take("222", "TD1.1").kind == "latency"  # other INS: only the global fault
    assert board.take("111", "TD0.2").kind == "latency"  # other transaction
    assert board.take("111", "TD1.1").kind == "http500"
    assert board.take("111", "TD1.1").kind == "http500"
    assert board.take("111", "TD1.1").kind == "latency"  # count used up
    assert [f["fault"] for f in board.as_json()] == ["latency"]
    board.clear()
    assert board.take("111", "TD1.1") is None
    with pytest.raises(ValueError, match="unknown fault"):
        board.add("meteor")


def test_credentials_shape() -> None:
    logins = {new_login(set()) for _ in range(50)}
    assert all(re.fullmatch(r"[a-z]{4}[0-9]{4}", login) for login in logins)
    assert new_login({"abcd1234"}) != "abcd1234"
    for _ in range(50):
        password = new_password()
        assert re.fullmatch(r"[A-Za-z0-9!#=]{8}", password)
        assert any(c.islower() for c in password) and any(c.isupper() for c in password)
        assert any(c.isdigit() for c in password)


def test_password_hash_is_salted() -> None:
    first, second = hash_password("cbC!bqf3"), hash_password("cbC!bqf3")
    assert first != second and "cbC!bqf3" not in first
    assert check_password("cbC!bqf3", first) and check_password("cbC!bqf3", second)
    assert not check_password("cbC!bqf4", first)
