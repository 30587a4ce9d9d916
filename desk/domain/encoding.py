"""Find the text encoding of an uploaded spreadsheet without garbling a single name.

1. A byte-order mark decides; then strict UTF-8; then UTF-16 without a mark (NUL bytes between ASCII).
2. Otherwise every legacy encoding we meet (GB18030, Big5, Shift-JIS, EUC-JP, EUC-KR, cp1250-1252, KOI8-R) that
   decodes the bytes strictly is a candidate, and each decoding is judged by its script: the non-ASCII characters
   must be the common ones of that encoding's language (level-1 hanzi for GB, level-1 Big5 characters, JIS level-1
   kanji and kana, Hangul syllables, Cyrillic or Latin words in a normal letter case). A decoding with an
   implausible mix (rare hanzi read from Japanese bytes, Latin letters in runs of seven read from Cyrillic) is out.
3. The plausible decodings that read the same text are one answer. One answer is "likely"; several are settled by
   charset-normalizer only when its mess measure sets one clearly apart; else the answer is "unsure" and the
   caller asks the user to choose among the candidates, with a preview of each.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

# In order of preference when two read the same text (or tie): the commoner first.
LEGACY = ("gb18030", "big5", "shift_jis", "euc_jp", "euc_kr", "cp1252", "cp1250", "cp1251", "koi8_r")
CHOICES = ("utf-8", "utf-8-sig", "utf-16", *LEGACY)
NAMES = {
    "gb18030": "Chinese, simplified (GB18030/GBK)",
    "big5": "Chinese, traditional (Big5)",
    "shift_jis": "Japanese (Shift-JIS)",
    "euc_jp": "Japanese (EUC-JP)",
    "euc_kr": "Korean (EUC-KR)",
    "cp1250": "Central European (cp1250)",
    "cp1251": "Cyrillic (cp1251)",
    "cp1252": "Western European (cp1252)",
    "koi8_r": "Cyrillic (KOI8-R)",
}
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
PLAUSIBLE = 0.9  # share of the non-ASCII text that must read as the encoding's own language
CLEAR_MARGIN = 0.05  # charset-normalizer's mess ratio must differ this much to settle a tie
WORD = re.compile(r"\w+")
# Punctuation every legacy encoding carries and real files use.
COMMON_PUNCTUATION = set(
    "\u20ac\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u00b0\u00a9\u00ae\u2122\u00d7\u00ab\u00bb\u2116\u2026\u00b7"
)


@dataclass(frozen=True)
class Detection:
    encoding: str
    confidence: str  # "certain" (BOM, valid UTF-8), "likely", "unsure"
    reason: str
    candidates: tuple[str, ...] = field(default=())  # when unsure: the encodings to choose among, likeliest first


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


def _lead(char: str, encoding: str) -> int | None:
    try:
        encoded = char.encode(encoding)
    except UnicodeEncodeError:
        return None
    return encoded[0] if len(encoded) == 2 else None


def _common_cjk(char: str, encoding: str) -> bool:
    """Is `char` among the common characters of a CJK encoding (what real names and words are written with)?"""
    if char in COMMON_PUNCTUATION or (unicodedata.category(char).startswith(("Z", "P")) and ord(char) >= 0x3000):
        return True
    if encoding == "gb18030":  # GB2312 level 1 (3,755 commonest hanzi): lead bytes B0-D7; no kana in Chinese
        lead = _lead(char, "gb2312")
        return lead is not None and 0xB0 <= lead <= 0xD7
    if encoding == "big5":  # Big5 level 1 (5,401 common characters): lead bytes A4-C6
        lead = _lead(char, "big5")
        return lead is not None and 0xA4 <= lead <= 0xC6
    if encoding in ("shift_jis", "euc_jp"):  # kana, and JIS level-1 kanji (Shift-JIS lead bytes 88-98)
        if "\u3041" <= char <= "\u30ff":
            return True
        lead = _lead(char, "shift_jis")
        return lead is not None and 0x88 <= lead <= 0x98
    if encoding == "euc_kr":
        return "\uac00" <= char <= "\ud7a3"
    return False


def _normal_case(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    rest = letters[1:]
    return all(c.islower() for c in rest) or all(c.isupper() for c in letters)


def _alphabetic_word(word: str, script: str) -> bool:
    """A Cyrillic or Latin word: its non-ASCII letters are of the script, in short runs (Latin), normal case."""
    others = [c for c in word if not c.isascii()]
    if not all(c.isalpha() and script in unicodedata.name(c, "") for c in others):
        return False
    if script == "CYRILLIC" and any(c.isascii() and c.isalpha() for c in word):
        return False
    if script == "LATIN" and max((len(r) for r in re.findall(r"[^\x00-\x7f]+", word)), default=0) > 2:
        return False
    return _normal_case(word)


def plausibility(text: str, encoding: str) -> float:
    """Share of the non-ASCII text (characters for CJK, words for alphabets) that reads as the encoding's language."""
    if encoding in ("gb18030", "big5", "shift_jis", "euc_jp", "euc_kr"):
        chars = [c for c in text if not c.isascii() and not c.isspace()]
        return sum(_common_cjk(c, encoding) for c in chars) / len(chars) if chars else 1.0
    script = "CYRILLIC" if encoding in ("cp1251", "koi8_r") else "LATIN"
    words = [w for w in WORD.findall(text) if not w.isascii()]
    stray = [c for c in text if not c.isascii() and not c.isalnum() and c not in COMMON_PUNCTUATION]
    if not words:
        return 0.0 if stray else 1.0
    return sum(_alphabetic_word(w, script) for w in words) / (len(words) + len(stray))


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


def _settle(data: bytes, answers: list[str]) -> str | None:
    """charset-normalizer's pick among tied encodings, when its mess measure sets one clearly apart."""
    chaos = {codecs.lookup(m.encoding).name: m.chaos for m in from_bytes(data, cp_isolation=list(answers))}
    ranked = sorted((chaos.get(codecs.lookup(e).name, 1.0), e) for e in answers)
    if len(ranked) > 1 and ranked[1][0] - ranked[0][0] >= CLEAR_MARGIN:
        return ranked[0][1]
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
        raise EncodingError("The file is not in any encoding we know. Save it as UTF-8 and retry.")
    scores = {enc: plausibility(text, enc) for enc, text in decoded.items()}
    plausible = [enc for enc in LEGACY if scores.get(enc, 0.0) >= PLAUSIBLE]
    answers: dict[str, str] = {}  # decoded text -> the first encoding (in LEGACY order) that reads it
    for enc in plausible:
        answers.setdefault(decoded[enc], enc)
    if len(answers) == 1:
        encoding = next(iter(answers.values()))
        return Detection(encoding, "likely", NAMES[encoding])
    if len(answers) > 1 and (settled := _settle(data, list(answers.values()))):
        return Detection(settled, "likely", f"{NAMES[settled]}, the most coherent reading")
    ranked = sorted(answers.values() or decoded, key=lambda e: -scores[e])
    return Detection(ranked[0], "unsure", "several readings are possible: choose one", tuple(ranked))
