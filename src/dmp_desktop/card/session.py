"""The Vitale 2 read sequence over any APDU channel: SELECT VITALE, read EF 2001, follow it, parse the TLV."""

from __future__ import annotations

import logging

from dmp_desktop.card import apdu
from dmp_desktop.card.apdu import Channel
from dmp_desktop.card.layout import ParsedCard, parse_data_files, parse_pointer_map
from dmp_desktop.domain.errors import DomainError, ErrorCode

log = logging.getLogger(__name__)

MAX_FILE_SIZE = 0x8000  # READ BINARY offsets are 15 bits
MAX_FILES = 32  # the map of a real card lists a handful; more is a broken or hostile card


class _FileSkipped(Exception):
    """A listed file that is protected or absent (SW in apdu.SW_SKIPPABLE)."""


def _status(what: str, sw: int) -> DomainError:
    return DomainError(ErrorCode.CARD_STATUS, f"{what}: status {sw:04X}")


def _select(channel: Channel, command: bytes, what: str, *, optional: bool = False) -> None:
    _, sw = apdu.exchange(channel, command)
    if sw == apdu.SW_OK:
        return
    if optional and sw in apdu.SW_SKIPPABLE:
        raise _FileSkipped(what)
    raise _status(what, sw)


def read_binary_all(channel: Channel, what: str, *, optional: bool = False) -> bytes:
    """The whole current EF, 256 bytes at a time until a short answer (cardpeek's loop)."""
    chunks: list[bytes] = []
    offset = 0
    while True:
        if offset >= MAX_FILE_SIZE:
            raise DomainError(ErrorCode.CARD_DATA_INVALID, f"{what}: file larger than {MAX_FILE_SIZE} bytes")
        data, sw = apdu.exchange(channel, apdu.read_binary(offset))
        if sw in (apdu.SW_OK, apdu.SW_END_OF_FILE):
            chunks.append(data)
            offset += len(data)
            if len(data) < 256 or sw == apdu.SW_END_OF_FILE:
                return b"".join(chunks)
        elif sw == apdu.SW_WRONG_OFFSET and offset > 0:  # the file was an exact multiple of 256 bytes
            return b"".join(chunks)
        elif optional and sw in apdu.SW_SKIPPABLE and offset == 0:
            raise _FileSkipped(what)
        else:
            raise _status(f"READ BINARY {what} at {offset}", sw)


def read_vitale(channel: Channel) -> ParsedCard:
    """Read a Vitale 2 card through `channel`. Raises DomainError (CARD_STATUS, CARD_DATA_INVALID, and
    whatever the channel raises, e.g. CARD_REMOVED)."""
    _select(channel, apdu.select_aid(apdu.AID_VITALE), "SELECT VITALE")
    _select(channel, apdu.select_ef(apdu.EF_POINTERS), "SELECT EF 2001")
    entries = parse_pointer_map(read_binary_all(channel, "EF 2001"))
    if len(entries) > MAX_FILES:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"pointer map lists {len(entries)} files")
    current_aid = apdu.AID_VITALE
    contents: list[bytes] = []
    for entry in entries:
        name = f"EF {entry.fid:04X} ({entry.name})"
        try:
            if entry.aid != current_aid:
                _select(channel, apdu.select_aid(entry.aid), f"SELECT {entry.aid.hex().upper()}", optional=True)
                current_aid = entry.aid
            _select(channel, apdu.select_ef(entry.fid), f"SELECT {name}", optional=True)
            contents.append(read_binary_all(channel, name, optional=True))
        except _FileSkipped:
            log.debug("%s not readable without a CPS: skipped", name)
    return parse_data_files(contents)
