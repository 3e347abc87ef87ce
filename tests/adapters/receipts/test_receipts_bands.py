"""Where a printed band ends: in a run of identical rows on the cut grid, else where it was cut."""

from __future__ import annotations

import random

from PySide6.QtGui import QImage

from dmp_desktop.receipts.qtprint import _quiet_cut

WIDTH, HEIGHT, STEP = 40, 60, 5


def _band(ink: list[tuple[int, int]], noise: bool = False) -> QImage:
    """White rows, but "lines of text" over the (first, last) row ranges: each row unlike its neighbours."""
    pixels = bytearray(b"\xff" * WIDTH * HEIGHT)
    rng = random.Random(7)
    for y in range(HEIGHT):
        if noise:
            pixels[y * WIDTH : (y + 1) * WIDTH] = bytes(rng.randrange(256) for _ in range(WIDTH))
        elif any(first <= y <= last for first, last in ink):
            start = y * WIDTH + y % 7
            pixels[start : start + 3 + y % 5] = b"\x00" * (3 + y % 5)
    # QImage.setPixel is not used: PySide6 6.12's decrements None's refcount and aborts the interpreter
    return QImage(bytes(pixels), WIDTH, HEIGHT, WIDTH, QImage.Format.Format_Grayscale8).copy()


def test_the_band_ends_in_the_lowest_blank_on_the_grid() -> None:
    assert _quiet_cut(_band([(0, 20), (38, 59)]), STEP) == 35  # blank 21..37: 25, 30 and 35 are quiet


def test_a_grid_row_at_the_edge_of_a_blank_is_not_quiet() -> None:
    assert _quiet_cut(_band([(0, 25), (41, 59)]), STEP) == 35  # blank 26..40: at 40 the next row is ink


def test_only_the_lower_half_is_searched_and_a_picture_is_cut_where_the_band_ends() -> None:
    assert _quiet_cut(_band([(0, 59)]), STEP) == HEIGHT
    assert _quiet_cut(_band([(31, 59)]), STEP) == HEIGHT  # blank only in the upper half
    assert _quiet_cut(_band([], noise=True), STEP) == HEIGHT
