"""One apostrophe and one « 1ᵉʳ » throughout the French the pharmacist and the host read: every tr() source of
the catalogue and every sentence of the host's message table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from dmp_desktop import resource_files
from dmp_desktop.pos import messages as pos_messages

STRAIGHT = re.compile(r"\w'\w")  # l'accusé, aujourd'hui: the French text uses ’
FIRST = re.compile(r"\b1er\b")  # « 1ᵉʳ juillet »


def _sources() -> list[str]:
    ts = resource_files.path(resource_files.TRANSLATIONS) / "dmp_desktop_en.ts"
    return [s.text or "" for s in ET.parse(ts).getroot().iter("source")]


def test_the_ui_french_uses_typographic_apostrophes_and_1er():
    sources = _sources()
    assert len(sources) > 300
    bad = [s for s in sources if STRAIGHT.search(re.sub(r"<[^>]*>", "", s)) or FIRST.search(s)]
    assert not bad


def test_the_hosts_messages_use_typographic_apostrophes():
    texts = [*pos_messages._TEXT.values(), *pos_messages._WARNINGS.values(), pos_messages.CANCELLED_TEXT,
             pos_messages.PIN_TRIES_LEFT]
    assert not [t for t in texts if STRAIGHT.search(t) or FIRST.search(t)]
