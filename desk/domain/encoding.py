"""Find the text encoding of an uploaded spreadsheet without garbling a single name.

Order: a byte-order mark decides; then strict UTF-8; then UTF-16 without a mark (NUL bytes between ASCII);
then the legacy encodings our customers' files come in — GB18030 (a superset of GBK), Big5, cp1252 — chosen
by how plausible each decoding of the non-ASCII text is. charset-normalizer breaks ties it can judge.
A mostly-ASCII GBK file with a few Chinese names is the hard case: cp1252 decodes any byte, so its
decoding is only accepted when non-ASCII characters stand alone inside words, as accented letters do.
"""

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

CHOICES = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", "cp1252")
LEGACY = ("gb18030", "big5", "cp1252")
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True)
class Detection:
    encoding: str
    confidence: str  # "certain" (BOM, valid UTF-8), "likely", "guess"
    reason: str


class EncodingError(ValueError):
    pass


def decode(data: bytes, encoding: str) -> str:
    """Decode strictly: an undecodable byte is an error that names its position, never a replacement."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"The file is not valid {encoding}: byte {exc.start} (0x{data[exc.start]:02x}) cannot be read. "
            "Choose another encoding."
        ) from exc
    except LookupError as exc:
        raise EncodingError(f"Unknown encoding {encoding!r}.") from exc


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _gb2312_share(text: str) -> float:
    """Share of non-ASCII characters in GB2312 (common simplified Chinese): near 1 for real GBK text."""
    chars = [c for c in text if ord(c) > 127]
    if not chars:
        return 0.0
    common = 0
    for c in chars:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common / len(chars)


def _cjk_share(text: str) -> float:
    chars = [c for c in text if ord(c) > 127]
    return sum(1 for c in chars if CJK.match(c)) / len(chars) if chars else 0.0


def _western_plausible(text: str) -> bool:
    """cp1252 text has accented letters, alone or in pairs, next to ASCII letters; CJK bytes read as
    cp1252 come out as long runs of symbols and letters."""
    runs = NON_ASCII_RUN.findall(text)
    if not runs:
        return True
    alone = sum(1 for run in runs if len(run) == 1 or (len(run) == 2 and run.isalpha()))
    return alone / len(runs) >= 0.8


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes) -> Detection:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return Detection(encoding, "certain", "byte-order mark")
    if _strict(data, "utf-8") is not None:
        return Detection("utf-8", "certain", "valid UTF-8")
    utf16 = _looks_utf16(data)
    if utf16 and _strict(data, utf16) is not None:
        return Detection(utf16, "likely", "UTF-16 without a byte-order mark")
    decoded = {enc: text for enc in LEGACY if (text := _strict(data, enc)) is not None}
    if not decoded:
        raise EncodingError("The file is not UTF-8, UTF-16, GB18030, Big5 or cp1252. Save it as UTF-8 and retry.")
    gb = decoded.get("gb18030")
    if gb is not None and _gb2312_share(gb) >= 0.9:
        return Detection("gb18030", "likely", "Chinese (GB18030/GBK): common simplified characters")
    big5 = decoded.get("big5")
    if big5 is not None and _cjk_share(big5) >= 0.95 and (gb is None or _gb2312_share(gb) < 0.6):
        return Detection("big5", "likely", "Chinese (Big5): traditional characters")
    if "cp1252" in decoded and _western_plausible(decoded["cp1252"]):
        return Detection("cp1252", "likely", "Western European (cp1252): accented letters")
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "cp1252"]).best()
    if best is not None:
        encoding = codecs.lookup(best.encoding).name
        encoding = {"cp936": "gb18030", "gbk": "gb18030"}.get(encoding, encoding)
        if encoding in decoded:
            return Detection(encoding, "guess", "statistical guess: check the preview")
    encoding = next(iter(decoded))
    return Detection(encoding, "guess", "statistical guess: check the preview")
