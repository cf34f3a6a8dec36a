"""Dates in news text, resolved against the publication date.

"on Sunday", "Saturday night", "yesterday", "the day before", "in January",
"December 29, 2019", "last week" ... each becomes a `DateMention` with the date (or
None when it cannot be resolved, e.g. a weekday with no publication date), the words
it came from and an ACLED-style time precision (1 day, 2 week, 3 month or vaguer).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geoincidents.extract.numbers import UNITS

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MON_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
             "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday"])}

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|"
          r"Dec\.?)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:night|morning|evening|afternoon|midnight))?"
_COUNT = r"(?:\d+|" + "|".join(k for k in UNITS if k not in ("a", "an", "no", "zero", "single",
                                                                  "lone")) + r"|a|an)"

# order matters: longer, more specific forms first
_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    ("mdy", rf"\b(?:{_WD},?\s+)?(?P<mon>{MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>(?:19|20)\d\d)\b"),
    ("dmy", rf"\b(?:{_WD},?\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{MONTH}),?\s+"
            rf"(?P<y>(?:19|20)\d\d)\b"),
    ("md", rf"\b(?:{_WD},?\s+)?(?P<mon>{MONTH})\s+(?P<d>{_DAY})\b(?!\s*,?\s*\d)"),
    ("dm", rf"\b(?:{_WD},?\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{MONTH})\b"),
    ("my", rf"\b(?:(?P<since>[Ss]ince|[Uu]ntil|[Bb]efore)\s+)?(?:(?:in|In|during|During|early|"
           rf"late|mid-?)\s+)?(?P<mon>{MONTH})\s+(?P<y>(?:19|20)\d\d)\b"),
    ("month", rf"\b(?P<since>[Ss]ince|[Uu]ntil|[Bb]y)?\s*(?:(?:in|In|during|During|early|Early|"
              rf"late|Late|mid-?|Mid-?|last|Last|this|This)\s+)(?P<mon>January|February|March|"
              rf"April|May|June|July|August|September|October|November|December)\b"
              r"(?:\s+(?P<ly>last|this)\s+year\b)?"),  # ("in August last year")
    ("since_month", rf"\b(?P<since>[Ss]ince)\s+(?P<mon>January|February|March|April|May|June|"
                    rf"July|August|September|October|November|December)\b"),
    ("year", r"\b(?P<since>[Ss]ince\s+)?(?:in|In|during|During)\s+(?P<y>(?:19|20)\d\d)\b"),
    # "on the evening of the 15th", "on the 3rd": a day of the publication's month
    ("nth", rf"\b[Oo]n\s+the\s+(?:(?:night|morning|evening|afternoon)\s+of\s+the\s+)?"
            rf"(?P<d>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))\b(?!\s+(?:of\s+)?{MONTH})"
            r"(?!\s+(?:floor|anniversary|century|day|time|round|attempt)\b)"),
    ("weekday", rf"\b(?:(?P<rel>last|Last|this|This|early|Early|late|Late)\s+)?(?P<wd>{_WD})"
                rf"{_PART}\b"),
    ("yesterday", r"\b(?:[Yy]esterday|[Ll]ast night)\b"),
    ("today", r"\b(?:[Tt]oday|[Tt]onight|[Tt]his (?:morning|afternoon|evening)|"
              r"[Ee]arlier today)\b"),
    ("anchor_before", r"\b(?:the day before|the previous (?:day|night)|a day (?:earlier|before)|"
                      r"the night before)\b"),
    ("anchor_after", r"\b(?:the (?:next|following) (?:day|morning|afternoon|evening|night)|a day later)\b"),
    ("anchor_same", r"\b(?:[Tt]he same (?:day|night|evening|morning)|[Aa]t the same time|"
                    r"[Tt]hat (?:same )?(?:day|night)|[Hh]ours (?:later|earlier)|"
                    r"(?:[Mm]inutes|[Aa]n hour) (?:later|earlier))\b"),
    ("anchor_n", rf"(?i:\b(?P<n>{_COUNT})\s+days\s+(?P<dir>later|earlier|before|after)\b)"),
    ("ago", rf"\b(?P<n>{_COUNT}|a few|several)\s+(?P<unit>days?|weeks?|months?)\s+ago\b"),
    ("last_week", r"\b(?:[Ll]ast|[Ee]arlier this|[Tt]his) week(?:end)?\b"),
    # "suffered two attacks over the weekend": the weekend before publication (not "at the
    # weekend", often the coming one)
    ("weekend", r"\b(?:[Oo]ver|[Dd]uring) the weekend\b"),
    ("last_month", r"\b(?:[Ll]ast|[Ee]arlier this) month\b"),
    ("last_year", r"\b[Ll]ast year\b"),
]
_CASELESS = {"anchor_before", "anchor_after", "anchor_same", "ago", "last_week", "last_month"}
_COMPILED = [(kind, re.compile(p, re.I if kind in _CASELESS else 0)) for kind, p in _PATTERNS]
_BY_KIND = dict(_COMPILED)
#: a text with none of these (or a digit) holds no date
_MAY_DATE = re.compile(r"\d|day|night|morning|afternoon|evening|week|month|year|ago|later|earlier|"
                       r"same time|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.I)


@dataclass
class DateMention:
    """A date expression in a sentence (a value: nothing changes one once made)."""

    start: int
    end: int
    text: str
    kind: str
    date: dt.date | None
    precision: int
    since: bool = False  # "since October": a period start, not an event date
    relative_to_anchor: bool = False


def _month(text: str) -> int:
    t = text.lower().rstrip(".")
    return MONTHS.get(t) or _MON_ABBR[t[:4] if t.startswith("sept") else t[:3]]


_NON_DIGITS = re.compile(r"\D")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _day(text: str) -> int:
    """The day of the month in "21", "21st", "3rd"."""
    return int(_NON_DIGITS.sub("", text))


def _count(text: str) -> int:
    t = text.lower()
    if t.isdigit():
        return int(t)
    return {"a few": 3, "several": 3}.get(t, UNITS.get(t, 1))


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, pub: dt.date | None) -> int | None:
    if pub is None:
        return None
    # the most recent such date not after the publication (news reports the past)
    candidate = _safe(pub.year, month, min(day, 28) if month == 2 else day)
    if candidate is not None and candidate > pub + dt.timedelta(days=1):
        return pub.year - 1
    return pub.year


def absolute_date(text: str) -> dt.date | None:
    """A fully written date (``21 December 2020``, ``Dec. 21, 2020``) or None."""
    for kind in ("iso", "mdy", "dmy"):
        m = _BY_KIND[kind].search(text)
        if m:
            mon = int(m["m"]) if kind == "iso" else _month(m["mon"])
            return _safe(int(m["y"]), mon, _day(m["d"]))
    return None


# "since October 17", "until Monday": a period's bound, not an event's day
_PERIOD_BEFORE = re.compile(r"\b(?:since|until|till)\s+(?:(?:late|early|mid)[\s-]+)?$", re.I)


def find_dates(text: str, published: dt.date | None,
               anchor: dt.date | None = None) -> list[DateMention]:
    """Date expressions in ``text``, resolved against ``published`` and ``anchor``.

    ``anchor`` is the date the narrative is at (the last date resolved before this
    sentence), for "the day before", "the same night". Earlier patterns (the longer,
    more specific forms) take their words first.
    """
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    if not _MAY_DATE.search(text):
        return out
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            resolved = _resolve(kind, m, published, anchor)
            if resolved is None:
                continue
            taken.append((s, e))
            date, precision, since, rel = resolved
            since = since or bool(_PERIOD_BEFORE.search(text, max(0, s - 12), s))
            out.append(DateMention(s, e, m.group().strip(), kind, date, precision, since, rel))
    out.sort(key=lambda d: d.start)
    return out


def parse_date(value: str) -> dt.date | None:
    """A calendar date from ``2020-12-21``, ``21 December 2020``, ``December 21, 2020``..."""
    value = value.strip().strip("\"'")
    m = _ISO_DATE.match(value)
    if m:
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    return absolute_date(value)


def _resolve(kind: str, m: re.Match, pub: dt.date | None, anchor: dt.date | None):
    g = m.groupdict()
    since = bool(g.get("since"))
    if kind == "iso":
        return _safe(int(g["y"]), int(g["m"]), int(g["d"])), 1, False, False
    if kind in ("mdy", "dmy"):
        return _safe(int(g["y"]), _month(g["mon"]), _day(g["d"])), 1, False, False
    if kind in ("md", "dm"):
        mon, day = _month(g["mon"]), _day(g["d"])
        if g["mon"].lower().rstrip(".") == "may" and kind == "md" and m.group().startswith("May"):
            pass
        year = _year_for(mon, day, pub)
        return (_safe(year, mon, day) if year else None), 1, False, False
    if kind == "my":
        return dt.date(int(g["y"]), _month(g["mon"]), 1), 3, since, False
    if kind in ("month", "since_month"):
        word = m.group().split()[0].lower()
        if g["mon"] == "May" and word == "may":
            return None
        mon = MONTHS[g["mon"].lower()]
        year = _year_for(mon, 1, pub)
        if year is not None and word == "last" and pub is not None and mon >= pub.month:
            year = pub.year - 1
        if pub is not None and g.get("ly"):
            year = pub.year - 1 if g["ly"] == "last" else pub.year
        return (dt.date(year, mon, 1) if year else None), 3, since, False
    if kind == "year":
        return dt.date(int(g["y"]), 1, 1), 3, since, False
    if kind == "nth":
        if pub is None:
            return None, 1, False, False
        day = _day(g["d"])
        # (a day after the publication's is last month's: news reports the past)
        month = pub.replace(day=1) if day <= pub.day + 1 else \
            (pub.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return _safe(month.year, month.month, day), 1, False, False
    if kind == "weekday":
        if pub is None:
            return None, 1, False, False
        back = (pub.weekday() - WEEKDAYS[g["wd"].lower()]) % 7
        if (g.get("rel") or "").lower() == "last" and back == 0:
            back = 7
        return pub - dt.timedelta(days=back), 1, False, False
    if kind == "yesterday":
        return (pub - dt.timedelta(days=1) if pub else None), 1, False, False
    if kind == "today":
        return pub, 1, False, False
    if kind in ("anchor_before", "anchor_after", "anchor_same", "anchor_n"):
        if kind == "anchor_n":
            n = _count(g["n"])
            delta = n if g["dir"].lower() in ("later", "after") else -n  # ("Days Later")
        else:
            delta = {"anchor_before": -1, "anchor_after": 1, "anchor_same": 0}[kind]
        return (anchor + dt.timedelta(days=delta) if anchor else None), 1, False, True
    if kind == "ago":
        n, unit = _count(g["n"]), g["unit"].lower().rstrip("s")  # ("Three Weeks Ago")
        days = {"day": 1, "week": 7, "month": 30}[unit] * n
        prec = 1 if unit == "day" and g["n"].lower() not in ("a few", "several") else \
            (2 if unit != "month" else 3)
        return (pub - dt.timedelta(days=days) if pub else None), prec, False, False
    if kind == "last_week":
        word = m.group().lower()
        days = 7 if word.startswith("last") else 2
        return (pub - dt.timedelta(days=days) if pub else None), 2, False, False
    if kind == "weekend":  # (its Sunday; published on a Sunday, that day)
        return (pub - dt.timedelta(days=(pub.weekday() + 1) % 7) if pub else None), 2, \
            False, False
    if kind == "last_month":
        if pub is None:
            return None, 3, False, False
        first = pub.replace(day=1)
        if m.group().lower().startswith("last"):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return first, 3, False, False
    if kind == "last_year":
        return (dt.date(pub.year - 1, 1, 1) if pub else None), 3, False, False
    return None
