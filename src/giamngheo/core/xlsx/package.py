"""The zip layer of a workbook, and the byte-level checks every part passes before XML parsing.

Every member is judged on its central-directory numbers before a byte is unpacked, then
unpacked in chunks through checks that run at C speed: the total unpacked, the compression
ratio, the longest token, the number of tags, and markup Excel never writes (a DTD is how an
entity bomb starts). XML is parsed with the standard library's expat, which refuses a DTD the
moment it starts and streams text in chunks, so a 300 MB cell is refused after its first
kilobytes instead of being built.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO
from xml.parsers import expat

from giamngheo.core.messages import msg
from giamngheo.core.xlsx.limits import Limits, XlsxRefused

_CHUNK = 1 << 16
_RATIO_FLOOR = 1_000_000  # small parts may compress absurdly well and still be harmless
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or an encrypted .xlsx


def tag_counter(local: bytes) -> re.Pattern[bytes]:
    """Start tags with this local name under any prefix, for the byte pre-scan."""
    return re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?" + re.escape(local) + rb"[\s/>]")


class Budget:
    """What the whole read may still spend, shared by every part."""

    def __init__(self, limits: Limits) -> None:
        self.bytes_left = limits.max_unpacked_bytes
        self.tags_left = limits.max_xml_tags


def _damaged(part: str, reason: object) -> XlsxRefused:
    return XlsxRefused("unreadable", msg("cannot be read as an Excel workbook: part {part} is damaged ({reason})",
                                         part=part, reason=str(reason)))


def _refuse_big_directory(f: BinaryIO, size: int, limits: Limits) -> None:
    """Read the end-of-central-directory record ourselves: ZipFile() parses every entry before we can count."""
    tail_len = min(size, 22 + 65_535)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        return  # zipfile refuses it as a bad zip
    _sig, _d, _dcd, _ed, entries, cd_size, _off, _clen = struct.unpack("<4s4H2LH", tail[pos:pos + 22])
    if (entries == 0xFFFF or cd_size == 0xFFFFFFFF) and pos >= 20:
        locator = tail[pos - 20:pos]
        if locator[:4] == b"PK\x06\x07":
            (z64_offset,) = struct.unpack("<Q", locator[8:16])
            if 0 <= z64_offset < size - 56:
                f.seek(z64_offset)
                record = f.read(56)
                if record[:4] == b"PK\x06\x06":
                    entries, cd_size = struct.unpack("<QQ", record[32:48])
    # 1 KiB per entry is far more than any real entry (46 bytes, a name and an extra field).
    if entries > limits.max_zip_entries or cd_size > limits.max_zip_entries * 1024:
        raise _too_many_entries(entries, limits)


def _too_many_entries(entries: int, limits: Limits) -> XlsxRefused:
    return XlsxRefused("too-many-parts", msg(
        "the workbook's zip archive lists {entries:num} entries; at most {limit:num} are accepted",
        entries=entries, limit=limits.max_zip_entries))


class _BoundedStream:
    """A member's stream that refuses to give more bytes than its zip entry declares."""

    def __init__(self, raw: BinaryIO, limit: int, part: str) -> None:
        self.raw, self.left, self.part = raw, limit, part

    def read(self, n: int) -> bytes:
        """At most N bytes; refused once the declared size is passed."""
        data = self.raw.read(min(n, self.left + 1))
        self.left -= len(data)
        if self.left < 0:
            raise _damaged(self.part, msg("it unpacks to more than its zip entry declares"))
        return data


class Package:
    """The zip archive of a workbook, each member checked against the limits before it is unpacked."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.limits = limits
        self.budget = Budget(limits)
        if len(data) > limits.max_file_bytes:
            raise XlsxRefused("too-large", msg("is larger than {mb} MB; split it", mb=limits.max_file_bytes // 1_000_000))
        if data[:8] == _OLE_MAGIC:
            raise XlsxRefused("unreadable", msg(
                "is an old .xls workbook or a password-protected one; in Excel save it, unprotected, as "
                "'Excel Workbook (*.xlsx)'"))
        handle = io.BytesIO(data)
        _refuse_big_directory(handle, len(data), limits)
        try:
            self.zip = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as exc:
            raise XlsxRefused("unreadable", msg(
                "cannot be read as an Excel workbook ({reason}); is it damaged, password-protected, or another "
                "format named .xlsx?", reason=str(exc) or type(exc).__name__)) from None
        infos = self.zip.infolist()
        if len(infos) > limits.max_zip_entries:
            raise _too_many_entries(len(infos), limits)
        # Part names are case-insensitive: two entries for one name would let Excel and us read different data.
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            key = info.filename.lower()
            if key in self.members:
                raise _damaged(info.filename, msg("the archive holds it twice"))
            self.members[key] = info

    def close(self) -> None:
        """Let go of the archive."""
        self.zip.close()

    def info(self, part: str) -> zipfile.ZipInfo | None:
        """The zip entry of a part, or None."""
        return self.members.get(part.lower())

    def check_member(self, info: zipfile.ZipInfo) -> None:
        """Refuse a member on its central-directory numbers alone, before unpacking a byte."""
        part, limits = info.filename, self.limits
        if info.flag_bits & 0x1:
            raise XlsxRefused("unreadable", msg(
                "part {part} is encrypted; in Excel save the workbook without a password", part=part))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged(part, msg("it is packed with a method Excel never uses"))
        if info.file_size > limits.max_unpacked_bytes:
            raise XlsxRefused("unpacked-too-large", msg(
                "part {part} unpacks to {size:num} bytes; at most {limit:num} are accepted",
                part=part, size=info.file_size, limit=limits.max_unpacked_bytes))
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_part_ratio * max(info.compress_size, 1):
            raise XlsxRefused("unpacked-too-large", msg(
                "part {part} unpacks to {ratio:num} times its packed size, and at most {limit:num} times are accepted: "
                "refused as a possible zip bomb", part=part, ratio=info.file_size // max(info.compress_size, 1),
                limit=limits.max_part_ratio))

    def chunks(self, info: zipfile.ZipInfo, *, count: re.Pattern[bytes] | None = None, max_count: int = 0,
               too_many: Callable[[], XlsxRefused] | None = None, charge: bool = True) -> Iterator[bytes]:
        """The unpacked bytes of a member, in chunks cut before a '<', after the checks of `_guard`.

        COUNT tags are counted against MAX_COUNT (TOO_MANY gives the refusal); CHARGE false reads
        a part a second time without spending the budget again.
        """
        self.check_member(info)
        if charge and info.file_size > self.budget.bytes_left:
            raise XlsxRefused("unpacked-too-large", msg(
                "the parts to read unpack to more than {limit:num} bytes in all", limit=self.limits.max_unpacked_bytes))
        try:
            raw = self.zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError) as exc:
            raise _damaged(info.filename, exc) from None
        with raw:
            stream = _BoundedStream(raw, info.file_size, info.filename)  # type: ignore[arg-type]
            try:
                yield from _guard(stream, info.filename, self.limits, self.budget if charge else None,
                                  count, max_count, too_many)
            except (zipfile.BadZipFile, EOFError, OSError, zlib.error, ValueError) as exc:  # bad CRC, cut short
                raise _damaged(info.filename, exc) from None


def _guard(stream: _BoundedStream, part: str, limits: Limits, budget: Budget | None,
           count: re.Pattern[bytes] | None, max_count: int,
           too_many: Callable[[], XlsxRefused] | None) -> Iterator[bytes]:
    """Byte-level checks that run at C speed before expat sees the bytes.

    - UTF-16 and UTF-32 parts are refused: the checks below look at ASCII bytes.
    - No '<!' but CDATA, no '<?' but the XML declaration: DTDs (entity bombs), comments and
      processing instructions are single expat tokens, which expat re-scans from their start
      on every feed, so that a long one costs time in the square of its length.
    - No run of more than max_token_bytes without a '<': bounds tags and attribute values.
    - '<' counted against the shared tag budget, and COUNT tags (rows, shared strings) against
      MAX_COUNT, so that the refusal comes before expat parses them.
    Chunks are cut just before their last '<', so that no tag straddles two chunks here.
    """
    carry = b""
    first = True
    counted = 0
    while True:
        raw = stream.read(_CHUNK)
        if budget is not None:
            budget.bytes_left -= len(raw)
        buf = carry + raw
        last = not raw
        skip = 0
        if first:
            if not last and len(buf) < 512:
                carry = buf  # the XML declaration must be whole before it is judged
                continue
            skip = _prolog_length(buf, part)
            first = False
        cut = len(buf) if last else max(buf.rfind(b"<"), skip)
        head, carry = buf[:cut], buf[cut:]
        if len(carry) > limits.max_token_bytes:
            raise XlsxRefused("token-too-long", msg(
                "part {part} holds a tag or value of more than {limit:num} bytes", part=part, limit=limits.max_token_bytes))
        if head:
            _check_markup(head, skip, part)
            if budget is not None:
                budget.tags_left -= head.count(b"<")
                if budget.tags_left < 0:
                    raise XlsxRefused("too-many-tags", msg(
                        "the workbook holds more than {limit:num} XML tags in the parts read", limit=limits.max_xml_tags))
            if count is not None and too_many is not None:
                counted += len(count.findall(head))
                if counted > max_count:
                    raise too_many()
            yield head
        if last:
            return


def _prolog_length(buf: bytes, part: str) -> int:
    """Refuse UTF-16 and UTF-32; the length of the BOM and the XML declaration, which _check_markup skips."""
    bom = 3 if buf.startswith(b"\xef\xbb\xbf") else 0
    body = buf[bom:]
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or body[:1] == b"\x00" or body[1:2] == b"\x00":
        raise _damaged(part, msg("it is not UTF-8 text"))
    if not body.startswith(b"<?"):
        return bom
    end = body.find(b"?>", 0, 512)
    if not body.startswith(b"<?xml ") or end < 0 or b"<" in body[1:end]:
        raise _damaged(part, msg("its XML declaration is malformed"))
    return bom + end + 2


_MARKUP = re.compile(rb"<[!?]")


def _check_markup(head: bytes, pos: int, part: str) -> None:
    """Refuse a DTD, comments and processing instructions from POS on (see _guard); CDATA passes."""
    for match in _MARKUP.finditer(head, pos):
        if head.startswith(b"<![CDATA[", match.start()):
            continue
        raise _forbidden_markup(part, dtd=head.startswith(b"<!DOCTYPE", match.start()))


def _forbidden_markup(part: str, dtd: bool) -> XlsxRefused:
    if dtd:
        return XlsxRefused("xml-markup", msg(
            "part {part} holds a DTD (entity declarations), which Excel never writes: refused as a possible XML bomb",
            part=part))
    return XlsxRefused("xml-markup", msg(
        "part {part} holds an XML comment or processing instruction, which Excel never writes: refused as a possible "
        "XML bomb", part=part))


def parse_xml(chunks: Iterator[bytes], part: str, start: Callable[[str, dict[str, str]], None],
              end: Callable[[str], None] | None = None, chars: Callable[[str], None] | None = None) -> None:
    """Feed CHUNKS to a namespace-aware expat parser that refuses DTDs and entities."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True  # fewer, larger CharacterData calls
    parser.buffer_size = 1 << 16

    def no_dtd(*_args: object) -> None:
        raise _forbidden_markup(part, dtd=True)

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.ExternalEntityRefHandler = no_dtd  # type: ignore[assignment]
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if chars is not None:
        parser.CharacterDataHandler = chars
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _damaged(part, msg("it is not well-formed XML: {reason}", reason=str(exc))) from None
