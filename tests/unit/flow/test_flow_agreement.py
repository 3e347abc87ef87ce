"""The one choice of « né / née », « il / elle » by the card's sex."""

from __future__ import annotations

import pytest

from dmp_desktop.domain.identity import Beneficiary, Quality
from dmp_desktop.flow.agreement import Agreement, agree, agreement
from dmp_desktop.flow.fakes import sample_card


@pytest.mark.parametrize(
    ("sex", "expected"),
    [("M", Agreement.MASCULINE), ("F", Agreement.FEMININE), ("", Agreement.UNKNOWN), ("f", Agreement.FEMININE),
     ("X", Agreement.UNKNOWN), (" ", Agreement.UNKNOWN)],
)
def test_agreement_of_each_sex(sex: str, expected: Agreement) -> None:
    assert agreement(sex) is expected


def test_agree_picks_the_text_of_the_card_s_sex() -> None:
    jean, sophie, lea = sample_card().beneficiaries
    words = ("né le", "née le", "né(e) le")
    assert agree(jean.sex, *words) == "né le"
    assert agree(sophie.sex, *words) == "née le"  # her own certified NIR starts with 2
    assert agree(lea.sex, *words) == "né(e) le"  # a child without her own NIR: the card does not say


def test_a_temporary_nir_still_gives_the_sex() -> None:
    b = Beneficiary(0, "DUPONT", "Anne", "19900101", "890017505600015", quality=Quality.ASSURE)
    assert agree(b.sex, "il", "elle", "il/elle") == "elle"
