"""Read what people type in a spreadsheet cell: labels in either language, grouped numbers, common dates, names.

Every reader returns the value, or a `CellError` that says what was wrong and what would be accepted, so the caller
can say it in the reader's language. The choices, users and names come in as plain data.
"""

import difflib
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Choice:
    """A stored value and its display labels, the reader's language first."""

    value: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Named:
    """A row a reference may point to, with every name that stands for it (a user: username, e-mail, full name)."""

    pk: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class CellError:
    """Why a cell was refused: a code, the text as written, what would be accepted, and details per code."""

    code: str
    text: str
    allowed: tuple = ()
    details: dict = field(default_factory=dict, compare=False, hash=False)


# A list cell is split on these only (semicolons of either width, the Chinese list mark 、, line breaks): a comma
# belongs to names like "Acme, Inc.".
LIST_SEPARATORS = re.compile(r"[;\uff1b\u3001\n\r]+")
CURRENCY = re.compile(r"^(?:US\$|CN¥|RMB|CNY|USD|EUR|GBP|JPY|[$€£¥￥])|(?:RMB|CNY|USD|EUR|GBP|JPY|元|[$€£¥￥])$", re.I)
SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")  # grouping by spaces (also no-break, thin) or apostrophes
MULTIPLIERS = {"万": Decimal(10_000), "萬": Decimal(10_000), "亿": Decimal(100_000_000), "億": Decimal(100_000_000)}
TRUE = ("yes", "y", "true", "t", "1", "是", "对", "真")
FALSE = ("no", "n", "false", "f", "0", "否", "不", "假")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
DATE_EXAMPLES = ("2026-12-31", "2026/12/31", "31.12.2026", "Dec 31 2026", "2026年12月31日")
NUMBER_EXAMPLES = ("85000", "85,000", "85 000", "1.2万")
BOOLEAN_EXAMPLES = ("yes", "no", "true", "false", "是", "否")
MAX_LISTED = 12


def _key(text: str) -> str:
    """Case, width and spacing do not matter when matching a label: "At risk", "at_risk" and "AT RISK" match."""
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", text).casefold())


def _name_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def split_list(text: str) -> list[str]:
    """The items of a list cell, separated by semicolons (either width), 、 or line breaks, never by commas."""
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]


# --- choices -------------------------------------------------------------------------------------------------------


def _aliases(choice: Choice) -> set[str]:
    """Every whole way to write a choice: its value, each label, and each part of a "SEV1 · critical" label."""
    names = {choice.value, *choice.labels}
    for label in choice.labels:
        names.update(part for part in label.split("·") if part.strip())
    return {_key(n) for n in names if _key(n)}


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _prefixes(choice: Choice) -> set[str]:
    """Short forms that stop at a word ("Private" for "Private deployment"), or any start of a Chinese label."""
    found: set[str] = set()
    for label in choice.labels:
        label = unicodedata.normalize("NFKC", label)
        if _is_cjk(label):
            found.update(_key(label[:end]) for end in range(2, len(label)))
        words = re.split(r"(?<=\w)(?=[\s·])", label)
        found.update(_key("".join(words[:end])) for end in range(1, len(words)))
    return {f for f in found if f}


@functools.lru_cache(maxsize=256)
def _choice_keys(choices: tuple[Choice, ...]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Whole ways and short forms of writing each choice -> the values they may stand for."""
    whole: dict[str, set[str]] = {}
    short: dict[str, set[str]] = {}
    for choice in choices:
        for key in _aliases(choice):
            whole.setdefault(key, set()).add(choice.value)
        for key in _prefixes(choice):
            short.setdefault(key, set()).add(choice.value)
    return whole, short


def parse_choice(text: str, choices: Sequence[Choice]) -> str | CellError:
    """The stored value of a choice written as its value or a label in either language, whatever the case."""
    key = _key(text)
    for table in _choice_keys(tuple(choices)):
        found = table.get(key, set())
        if len(found) == 1:
            return next(iter(found))
    return CellError("choice", text.strip(), tuple(choices))


# --- numbers -------------------------------------------------------------------------------------------------------


def _grouped(digits: str, separator: str) -> bool:
    head, *groups = digits.split(separator)
    return (
        bool(groups)
        and 1 <= len(head) <= 3
        and head.lstrip("-+").isdigit()
        and all(len(g) == 3 and g.isdigit() for g in groups)
    )


def parse_number(text: str, *, whole: bool = False, percent: bool = False) -> Decimal | CellError:
    """A number written with thousands separators (85,000 · 85 000), a currency sign, or 万 / 亿.

    1. Strip the currency sign or code, then read a trailing 万 or 亿 (times 10,000 or 100,000,000) or, when allowed,
       a % (a hundredth).
    2. Spaces and apostrophes group digits. With both a comma and a point, the last one is the decimal mark and the
       other groups by threes; a lone comma groups by threes (85,000) and is refused otherwise (1,5 is not read).
    3. A whole number (a count, a rank) refuses a fraction.
    """
    raw = unicodedata.normalize("NFKC", text).strip()
    body, factor = raw, Decimal(1)
    body = CURRENCY.sub("", body).strip()
    if body[-1:] in MULTIPLIERS:
        body, factor = body[:-1].strip(), MULTIPLIERS[body[-1]]
    elif percent and body.endswith("%"):
        body, factor = body[:-1].strip(), Decimal("0.01")
    body = SPACES.sub("", body)
    error = CellError("whole" if whole else "number", text.strip(), NUMBER_EXAMPLES)
    if "," in body and "." in body:
        thousands = "," if body.rindex(".") > body.rindex(",") else "."
        integer, _, fraction = body.rpartition("," if thousands == "." else ".")
        if not _grouped(integer, thousands) or not fraction.isdigit():
            return error
        body = integer.replace(thousands, "") + "." + fraction
    elif "," in body:
        if not _grouped(body, ","):
            return error
        body = body.replace(",", "")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", body):
        return error
    try:
        number = Decimal(body) * factor
    except InvalidOperation:
        return error
    if whole and number != number.to_integral_value():
        return error
    return Decimal(int(number)) if number == number.to_integral_value() else number


# --- booleans ------------------------------------------------------------------------------------------------------


def parse_bool(text: str) -> bool | CellError:
    """Yes or no, in English or Chinese (是 / 否), or true / false, 1 / 0."""
    key = _key(text)
    if key in TRUE:
        return True
    if key in FALSE:
        return False
    return CellError("bool", text.strip(), BOOLEAN_EXAMPLES)


# --- dates ---------------------------------------------------------------------------------------------------------

_TIME = r"(?:[ T]+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?"
_YMD = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME, re.I)
_DMY_DOTS = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})" + _TIME, re.I)
_SLASHED = re.compile(r"(?P<a>\d{1,2})[/-](?P<b>\d{1,2})[/-](?P<y>\d{4})" + _TIME, re.I)
_CHINESE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?" + _TIME, re.I)
_MONTH_FIRST = re.compile(r"(?P<mon>[a-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})" + _TIME, re.I)
_DAY_FIRST = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[a-z]{3,9})\.?,?\s+(?P<y>\d{4})" + _TIME, re.I)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_and_time(text: str) -> tuple[date | CellError | None, str, str]:
    """The date part of a cell, and the time and zone written after it (or "")."""
    raw = unicodedata.normalize("NFKC", text).strip()
    for pattern in (_YMD, _CHINESE, _DMY_DOTS):
        if m := pattern.fullmatch(raw):
            return _day(int(m["y"]), int(m["m"]), int(m["d"])), m["time"] or "", m["zone"] or ""
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        if (m := pattern.fullmatch(raw)) and m["mon"].casefold() in MONTHS:
            return _day(int(m["y"]), MONTHS[m["mon"].casefold()], int(m["d"])), m["time"] or "", m["zone"] or ""
    if m := _SLASHED.fullmatch(raw):
        a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
        month_first, day_first = _day(year, a, b), _day(year, b, a)
        if month_first and day_first and month_first != day_first:
            return CellError("ambiguous_date", raw, DATE_EXAMPLES, {"one": day_first, "other": month_first}), "", ""
        return month_first or day_first, m["time"] or "", m["zone"] or ""
    return None, "", ""


def parse_date(text: str) -> date | CellError:
    """A day written as 2026-12-31, 2026/12/31, 31.12.2026, Dec 31 2026, 31 December 2026 or 2026年12月31日.

    Slashed days with the year last are read only when they cannot be misread: 12/31/2026 is 31 December, but
    03/04/2026 (3 April or 4 March) is refused with both readings.
    """
    day, time, _zone = _date_and_time(text)
    if isinstance(day, CellError):
        return day
    if day is None or (time and not re.fullmatch(r"0?0:00(:00(\.0+)?)?", time)):  # a spreadsheet's midnight is a day
        return CellError("date", text.strip(), DATE_EXAMPLES)
    return day


def parse_datetime(text: str) -> datetime | CellError:
    """A moment: ISO 8601 (2026-11-01T08:00:00+00:00), or any accepted day with an optional time and zone."""
    raw = unicodedata.normalize("NFKC", text).strip()
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        pass
    day, time, zone = _date_and_time(raw)
    if isinstance(day, CellError):
        return day
    if day is None:
        return CellError("datetime", raw, DATE_EXAMPLES)
    try:
        return datetime.fromisoformat(f"{day.isoformat()}T{time or '00:00'}{zone.upper()}")
    except ValueError:
        return CellError("datetime", raw, DATE_EXAMPLES)


# --- references ----------------------------------------------------------------------------------------------------


class NameIndex:
    """The rows a reference may point to, indexed once by every name (case and spacing aside) and by id."""

    def __init__(self, rows: Sequence[Named]):
        self.rows = tuple(rows)
        self.by_name: dict[str, set[int]] = {}
        for row in self.rows:
            for name in row.names:
                if name:
                    self.by_name.setdefault(_name_key(name), set()).add(row.pk)
        self.pks = {row.pk for row in self.rows}
        self._names = sorted({r.names[0] for r in self.rows if r.names and r.names[0]})
        self._closest: dict[str, tuple[str, ...]] = {}

    def closest(self, text: str) -> tuple[str, ...]:
        """The names most like the text (a typo), or every name when there are only a few."""
        if text not in self._closest:
            close = difflib.get_close_matches(text, self._names, n=5, cutoff=0.6)
            few = not close and len(self._names) <= MAX_LISTED
            self._closest[text] = tuple(self._names) if few else tuple(close)
        return self._closest[text]


def parse_reference(text: str, rows: "NameIndex | Sequence[Named]", *, code: str = "reference") -> int | CellError:
    """The id of the row a cell names: by any of its names (case and spacing aside), or by its id."""
    index = rows if isinstance(rows, NameIndex) else NameIndex(rows)
    key = _name_key(text)
    found = sorted(index.by_name.get(key, ()))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        return CellError("ambiguous", text.strip(), tuple(str(pk) for pk in found))
    if key.lstrip("#").isdigit() and (pk := int(key.lstrip("#"))) in index.pks:
        return pk
    return CellError(code, text.strip(), index.closest(text.strip()), {"count": len(index.rows)})


def parse_user(text: str, users: "NameIndex | Sequence[Named]") -> int | CellError:
    """The id of a user named by username, e-mail or full name (as the pages show them), or by id."""
    return parse_reference(text, users, code="user")
