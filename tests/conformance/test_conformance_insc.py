"""Conformance with the ASIP Santé INS-C sample (read from the reference folder): every row computes, and the
figures carried into tests/data/insc-golden.json are the sample's own."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from tests.conftest import DATA  # type: ignore[import-not-found]

from dmp_desktop.domain.identity import compute_insc, nir_key

pytestmark = pytest.mark.conformance


def _sample_rows(reference: Path) -> list[dict[str, str]]:
    with (reference / "insc" / "asip-insc-sample.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_every_row_of_the_sample_computes(reference: Path) -> None:
    rows = _sample_rows(reference)
    assert rows
    for row in rows:
        assert compute_insc(row["prenom"], row["date"], row["nir13"]) == row["insc20"] + row["insc_key"], row
        assert nir_key(row["nir13"]) == row["nir_key"], row


def test_our_golden_figures_are_the_sample_s(reference: Path) -> None:
    ours = json.loads((DATA / "insc-golden.json").read_text(encoding="utf-8"))["rows"]
    sample = [[r["prenom"], r["date"], r["nir13"], r["nir_key"], r["insc20"] + r["insc_key"]]
              for r in _sample_rows(reference)]
    assert ours and [row for row in ours if row not in sample] == []
