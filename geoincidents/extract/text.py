"""Article text: bytes to text (encodings), HTML to text, publication date, sentences.

Every offset handed out is a character offset into the plain text of the article (for
HTML, the text after tags, scripts and styles are removed), so a quote can always be
found again with ``text[start:end]``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from geoincidents.errors import DataError


class Sentence(NamedTuple):
    """A sentence of the article: its offsets, text and paragraph number (0-based).

    A named tuple: an article has hundreds, and a tuple is made several times faster
    than a frozen dataclass.
    """

    start: int
    end: int
    text: str
    para: int


@dataclass
class Document:
    """An article ready for extraction."""

    text: str
    sentences: list[Sentence]
    published: dt.date | None
    source: str
    notes: list[str] = field(default_factory=list)


# -- bytes to text ------------------------------------------------------------------------

_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode(raw: bytes, source: str) -> tuple[str, list[str]]:
    """Decode article bytes: UTF-8 (with or without BOM), else cp1252, byte by byte.

    Returns the text and notes on what was repaired. Raises `DataError` for an empty
    or binary file.
    """
    if not raw.strip():
        raise DataError(f"{source}: empty file; expected the text of an article")
    head = raw[:8192]
    if b"\x00" in head or len(_BAD_CONTROL.findall(head.decode("latin-1"))) > len(head) // 50:
        raise DataError(f"{source}: binary data (NUL or control bytes); expected the text of "
                        "an article (.txt, .md or .html)")
    notes: list[str] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # mixed files are common: UTF-8 with pasted cp1252 quotes; repair byte runs only
        text = raw.decode("utf-8-sig", errors="surrogateescape")
        bad = 0

        def fix(match: re.Match) -> str:
            nonlocal bad
            chunk = bytes(ord(ch) - 0xDC00 for ch in match.group())
            bad += len(chunk)
            return chunk.decode("cp1252", errors="replace")

        # (chr(): a compiled module cannot hold lone surrogates in its string literals)
        text = re.sub(f"[{chr(0xDC80)}-{chr(0xDCFF)}]+", fix, text)
        notes.append(f"{bad} byte(s) were not UTF-8 and were read as cp1252 (Windows-1252)")
    if "\ufffd" in text:
        notes.append("undecodable bytes were replaced by U+FFFD")
    return text.replace("\r\n", "\n").replace("\r", "\n"), notes


# -- HTML -----------------------------------------------------------------------------------

def looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or \
        ("<p>" in head and "</p>" in text[:20000].lower())


#: The earliest and latest publication dates read from a page (htmldate's own defaults
#: are 1995 and today, which would make the result depend on the day it runs).
_PAGE_DATES = (dt.datetime(2, 1, 1), dt.datetime(9999, 12, 30))


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Plain text of an HTML page and its publication date (``YYYY-MM-DD`` or None).

    The page is parsed, not searched with patterns: trafilatura keeps the article's text
    (scripts, styles, comments, navigation and boilerplate left out) and htmldate reads
    the publication date from the page's metadata (``article:published_time``,
    ``<time datetime>``, JSON-LD ...), both through lxml, in time linear in the page.
    A page trafilatura finds no article in is read as all of its visible text.
    """
    import htmldate
    import lxml.etree
    import trafilatura

    try:
        text = trafilatura.extract(markup, include_comments=False, include_tables=True,
                                   favor_recall=True, deduplicate=False,
                                   output_format="txt") or ""
    except (ValueError, lxml.etree.LxmlError, RecursionError):
        text = ""
    if not text.strip():
        text = _visible_text(markup)
    try:
        published = htmldate.find_date(markup, extensive_search=False, original_date=True,
                                       outputformat="%Y-%m-%d", min_date=_PAGE_DATES[0],
                                       max_date=_PAGE_DATES[1])
    except (ValueError, OverflowError, TypeError, lxml.etree.LxmlError, RecursionError):
        published = None
    text = re.sub(r"[ \t\u00a0]+", " ", text.replace("\r\n", "\n"))
    text = re.sub(r"\n[ \t]*", "\n", text)
    # each line a paragraph of its own, as the page's blocks were
    text = re.sub(r"\n+", "\n\n", text)
    return text.strip(), published


def _visible_text(markup: str) -> str:
    """The text of a page's body without scripts, styles and comments (lxml)."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.fromstring(markup)
    except (ValueError, lxml.etree.LxmlError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//template|//head|//comment()"):
        bad.drop_tree() if hasattr(bad, "drop_tree") else bad.getparent().remove(bad)
    blocks = [" ".join(t.split()) for t in tree.itertext()]
    return "\n".join(b for b in blocks if b)


# -- publication date ------------------------------------------------------------------------

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*\n", re.S)
_HEADER = re.compile(r"^(?:published|date|posted|dateline|publication date)\s*:\s*(.+?)\s*$",
                     re.I | re.M)


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_LINE = re.compile(r"[^\n]*\n?")


def parse_date(value: str) -> dt.date | None:
    """A calendar date from ``2020-12-21``, ``21 December 2020``, ``December 21, 2020``..."""
    value = value.strip().strip("\"'")
    m = _ISO_DATE.match(value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    from geoincidents.extract.dates import absolute_date

    return absolute_date(value)


def split_header(text: str) -> tuple[int, str | None]:
    """Offset where the body starts and the publication date text, from front matter
    (``published:`` or ``date:``) or a ``Published: ...`` / ``Date: ...`` header line."""
    m = _FRONT.match(text)
    if m:
        date = None
        for line in m.group(1).splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() in ("published", "date", "published_at", "pubdate"):
                date = value.strip()
                break
        return m.end(), date
    # header lines: only among the first few lines of the file
    head_end = 0
    for line_match in _LINE.finditer(text, 0, 1000):
        line = line_match.group().strip()
        if not line:
            if head_end:
                break
            continue
        hm = _HEADER.match(line)
        if hm:
            return line_match.end(), hm.group(1)
        head_end = line_match.end()
        if head_end > 300:
            break
    return 0, None


# -- sentences ---------------------------------------------------------------------------------

_ABBREV = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "maj", "st", "jan", "feb",
           "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs",
           "etc", "inc", "ltd", "co", "corp", "gov", "sen", "rep", "jr", "sr", "prof", "adm",
           "cpl", "pvt", "ft", "mt", "approx", "e.g", "i.e", "al"}
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*(?=\s)|\n")
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+$")
_RUN_BACK = re.compile(r"[\w.]+")
_NON_SPACE = re.compile(r"\S")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Sentences with offsets; paragraphs are separated by blank lines.

    A line that does not end in punctuation (a headline) is a sentence of its own.
    Abbreviations (``Mr.``, ``Gen.``, ``U.S.``) do not end a sentence.
    """
    out: list[Sentence] = []
    para = 0
    cursor = start
    while True:
        # a paragraph: from its first non-space character to the next blank line
        first = _NON_SPACE.search(text, cursor)
        if first is None:
            break
        p_start = first.start()
        blank = _PARAGRAPH_END.search(text, p_start)
        cursor = blank.start() if blank is not None else len(text)
        chunk = text[p_start:cursor]
        rev = None  # the chunk reversed, made when first needed
        pos = 0
        for bm in _boundaries(chunk):
            end = bm.end()
            if bm.group() == "\n":
                line = chunk[pos:bm.start()].rstrip()
                if not line or line[-1] in ",;:-–—(" or (line[-1].isalpha() and
                                                           chunk[end:end + 1].islower()):
                    continue  # a wrapped line, not a headline
                end = bm.start()
            elif bm.group()[0] == ".":
                # the word before the full stop: the run of word characters and dots that
                # ends there, found by matching the reversed chunk from the stop leftwards
                # (not by searching the whole sentence for a run that ends at its end)
                if rev is None:
                    rev = chunk[::-1]
                n = len(chunk)
                back = _RUN_BACK.match(rev, n - 1 - bm.start(), n - pos)
                run = back.group()[::-1] if back is not None else ""
                if len(run) > 1 and (run[:-1].lower().rstrip(".") in _ABBREV or
                                     _INITIALS.search(run)):
                    nxt = chunk[end:end + 40].lstrip()
                    # "U.S. The next day" is rare; "U.S. Secretary" is common
                    if not (nxt[:1].isupper() and _INITIALS.search(run)
                            and nxt.split(" ", 1)[0] in ("The", "A", "It", "He", "She",
                                                         "They", "But", "In", "On")):
                        continue
            _add(out, chunk, pos, end, p_start, para)
            pos = end
        _add(out, chunk, pos, len(chunk), p_start, para)
        para += 1
    return out


def _boundaries(chunk: str) -> list[re.Match]:
    """``list(_BOUNDARY.finditer(chunk))``: every match starts with one of ``.!?`` or a
    newline."""
    return finditer_at(_BOUNDARY, chunk, (".", "!", "?", "\n"))


def _starts(text: str, firsts: tuple[str, ...], at_start: bool = False) -> list[int]:
    """Where each of the literals ``firsts`` is in ``text`` (and 0 with ``at_start``), in
    order, each once: found by `str.find`, which runs at memory speed."""
    starts = {0} if at_start else set()
    for first in firsts:
        at = text.find(first)
        while at >= 0:
            starts.add(at)
            at = text.find(first, at + 1)
    return sorted(starts)


def search_at(rx: Pattern, text: str, firsts: tuple[str, ...]) -> re.Match | None:
    """``rx.search(text)`` for a pattern whose every match starts where one of the literals
    ``firsts`` is: the pattern is tried only there, leftmost first, instead of at every
    character as sre does when a pattern opens with ``\\b`` and an alternation."""
    for at in _starts(text, firsts):
        m = rx.match(text, at)
        if m is not None:
            return m
    return None


def finditer_at(rx: Pattern, text: str, firsts: tuple[str, ...],
                at_start: bool = False) -> list[re.Match]:
    """``list(rx.finditer(text))`` for a pattern whose every match starts where one of
    the literals ``firsts`` is (or, with ``at_start``, at the start of the text): the
    pattern is tried only there, found by `str.find`, instead of at every character as
    sre does when a pattern opens with a ``\\b`` or an alternation."""
    out = []
    end = 0  # matches do not overlap
    for at in _starts(text, firsts, at_start):
        if at >= end:
            m = rx.match(text, at)
            if m is not None:
                out.append(m)
                end = m.end()
    return out


def _add(out: list[Sentence], chunk: str, pos: int, end: int, offset: int, para: int) -> None:
    piece = chunk[pos:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = offset + pos + lead
    # (tuple.__new__: a named tuple's own __new__ is Python code, run for every sentence)
    out.append(tuple.__new__(Sentence, (s, s + len(stripped), stripped, para)))


# -- cheap keyword gates ----------------------------------------------------------------------

# the only non-ASCII characters that a case-insensitive ASCII letter matches besides the
# letter's own cases ("İ" and "ı" match i, "ſ" matches s); folded so that a substring test
# on the folded text never misses what a re.IGNORECASE pattern would find
_ODD_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s"}
# the information separators U+001C-U+001F: the only ASCII characters that ``\s`` takes
# for spaces under Unicode rules and not under re.ASCII. Folded to a vertical tab (a space
# under both, which no pattern names), an ASCII folded text matches alike under both, so
# `FoldedPattern` may use its ASCII compilation there.
_SEPARATORS_FOLD = dict.fromkeys(range(0x1C, 0x20), "\x0b")
_FOLD_TABLE = {**_ODD_FOLD, **_SEPARATORS_FOLD}


def fold(text: str) -> str:
    """Lowercase text for keyword tests: ``kw in fold(text)`` is True wherever a
    case-insensitive pattern containing the literal ``kw`` matches. The same length as
    ``text``, character for character (information separators become vertical tabs)."""
    odd = _has_separators(text)
    if not (odd or text.isascii()):
        odd = "\u0130" in text or "\u0131" in text or "\u017f" in text
    if odd:
        return text.translate(_FOLD_TABLE).lower()
    return text.lower()  # (str.translate is slow: only when one of them is there)


def _has_separators(text: str) -> bool:
    """Whether ``text`` holds one of the information separators U+001C-U+001F."""
    return "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text


try:  # the parser behind `re` (its syntax tree tells what a pattern's match may start with)
    _SRE_PARSE: Any = importlib.import_module("re._parser")
except ImportError:  # Python 3.10
    _SRE_PARSE = importlib.import_module("sre_parse")
# the class escapes of sre's categories
_CATEGORY_ESCAPES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D",
                     "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S",
                     "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def _first_chars(items: list) -> tuple[set[str], bool] | None:
    """The class pieces (escaped characters, ranges, ``\\d``...) one of which every match
    of the parsed sequence ``items`` starts with, and whether it may match the empty string;
    None when not known (a negated class, any character, a case-insensitive group...)."""
    pieces: set[str] = set()
    for op, av in items:
        name = op.name
        if name in _ZERO_WIDTH:
            continue  # consumes nothing: the next item starts the match
        if name == "LITERAL":
            pieces.add(re.escape(chr(av)))
            return pieces, False
        if name == "IN":
            for kind, value in av:
                if kind.name == "LITERAL":
                    pieces.add(re.escape(chr(value)))
                elif kind.name == "RANGE":
                    pieces.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                elif kind.name == "CATEGORY" and value.name in _CATEGORY_ESCAPES:
                    pieces.add(_CATEGORY_ESCAPES[value.name])
                else:
                    return None  # NEGATE and the rest
            return pieces, False
        if name == "SUBPATTERN":
            _group, add_flags, _del_flags, sub = av
            if add_flags & re.IGNORECASE:
                return None
            inner = _first_chars(list(sub))
        elif name == "BRANCH":
            inner = (set(), False)
            for alt in av[1]:
                got = _first_chars(list(alt))
                if got is None:
                    return None
                inner = (inner[0] | got[0], inner[1] or got[1])
        elif name in _REPEATS:
            low, _high, sub = av
            got = _first_chars(list(sub))
            inner = None if got is None else (got[0], got[1] or low == 0)
        else:
            return None  # any character, a back-reference, a conditional...
        if inner is None:
            return None
        pieces |= inner[0]
        if not inner[1]:
            return pieces, False
    return pieces, True


def _sre_skips(items: list) -> bool:
    """Whether sre finds where the parsed pattern ``items`` may match by itself: it starts
    with a literal, a class or an alternation of literals (what `re` compiles into a prefix
    or a charset to scan for)."""
    while items and items[0][0].name == "SUBPATTERN":
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if op.name in ("LITERAL", "IN"):
        return True
    return op.name == "BRANCH" and all(alt and alt[0][0].name == "LITERAL" for alt in av[1])


def _costly_start(items: list) -> bool:
    """Whether the first thing the parsed pattern ``items`` consumes is costly to fail: an
    alternation or an optional group (tried branch by branch), not one character test."""
    for op, av in items:
        name = op.name
        if name in _ZERO_WIDTH:
            continue
        if name == "SUBPATTERN":
            return _costly_start(list(av[3]))
        if name == "BRANCH":
            return True
        if name in _REPEATS:
            sub = list(av[2])
            return not (len(sub) == 1 and sub[0][0].name in ("LITERAL", "IN", "ANY",
                                                              "NOT_LITERAL"))
        return False
    return False


_LEADING_ANCHORS = re.compile(r"(?:\\b|\^|\\A)*")
#: (pattern, the same behind its first-character test) for each that `first_char_guard`
#: changed: the tests check that both find the same matches
GUARDED: list[tuple[re.Pattern, re.Pattern]] = []


def first_char_guard(rx: re.Pattern) -> re.Pattern:
    """``rx`` behind a lookahead for the characters its matches may start with, when sre
    would otherwise try the whole pattern at each position: the same matches, faster.

    sre skips ahead fast only in a pattern that starts with a literal, a class or an
    alternation of literals; one that starts with ``\\b`` and an optional group or a long
    alternation ("\\b(?:Monday,?\\s+)?(?:January|February|...)") is tried branch by branch
    at every word boundary. The lookahead turns most positions away after one class test.
    ``rx`` itself is returned when that test cannot be derived (a case-insensitive
    pattern, a negated class, a match that may be empty) or would not help.
    """
    if rx.flags & re.IGNORECASE or not isinstance(rx.pattern, str) or \
            rx.pattern.startswith("(?") and rx.pattern[2:3] in "aiLmsux":  # global flags
        return rx
    try:
        items = list(_SRE_PARSE.parse(rx.pattern, rx.flags).data)
    except Exception:  # noqa: BLE001 - what the parser refuses, leave as it is
        return rx
    if _sre_skips(items) or not _costly_start(items):
        return rx
    got = _first_chars(items)
    if got is None or got[1] or not got[0]:
        return rx  # not known, or a match may be empty
    # after a leading "\\b" or "^" (a cheaper test, done first)
    anchors = _LEADING_ANCHORS.match(rx.pattern)
    lead = anchors.end() if anchors else 0
    guarded = re.compile(f"{rx.pattern[:lead]}(?=[{''.join(sorted(got[0]))}])"
                         f"{rx.pattern[lead:]}", rx.flags)
    GUARDED.append((rx, guarded))
    return guarded


# a pattern's pieces: escapes and group names (kept as they are), else one character
_PIECE = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|.", re.S)
# what lowercasing could not carry over: a character code, an inline flag, a range
# between cases ("A-z" holds punctuation)
_MAY_BE_CASED = re.compile(r"\\[xuUN0-7vf]|\(\?(?:-?[aiLmsux]|\()|[A-Z]-[a-z]|[a-z]-[A-Z]|"
                           r"[\x00-\x08\x0b-\x1f]")


def ascii_twin(rx: re.Pattern) -> re.Pattern:
    """``rx`` compiled under re.ASCII: on a text for which `plain_ascii` is True it finds
    the same matches (on ASCII characters the two sets of rules differ only in the
    information separators U+001C-U+001F, spaces to Unicode's ``\\s`` alone), 1.3-2x
    faster: ``\\b``, ``\\w`` and ``\\s`` look a character up in a table instead of in the
    Unicode database."""
    return re.compile(rx.pattern, (rx.flags & ~re.UNICODE) | re.ASCII)


def plain_ascii(text: str) -> bool:
    """Whether ``text`` is ASCII without information separators (see `ascii_twin`)."""
    return text.isascii() and not _has_separators(text)


class FoldedPattern:
    """A case-insensitive pattern made case-sensitive for `fold`-ed text (`for_folded`),
    compiled twice: under Unicode rules, and as its `ascii_twin`. ``search``, ``match``,
    ``finditer`` and ``findall`` run the twin on an ASCII string: folded text holds no
    information separators (`fold` turns them into vertical tabs), so there both find the
    same matches. Strings given must therefore be folded text.
    """

    __slots__ = ("pattern", "flags", "groupindex", "unicode", "ascii")

    def __init__(self, pattern: str, flags: int) -> None:
        self.unicode = re.compile(pattern, flags)
        self.ascii = ascii_twin(self.unicode)
        self.pattern = pattern
        self.flags = self.unicode.flags
        self.groupindex = self.unicode.groupindex

    def __repr__(self) -> str:
        return f"FoldedPattern({self.pattern!r})"

    def search(self, low: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        return (self.ascii if low.isascii() else self.unicode).search(low, pos, endpos)

    def match(self, low: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        return (self.ascii if low.isascii() else self.unicode).match(low, pos, endpos)

    def finditer(self, low: str, pos: int = 0, endpos: int = sys.maxsize):
        return (self.ascii if low.isascii() else self.unicode).finditer(low, pos, endpos)

    def findall(self, low: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        return (self.ascii if low.isascii() else self.unicode).findall(low, pos, endpos)


#: a compiled pattern, or the same made for folded text
Pattern = re.Pattern | FoldedPattern


def for_folded(rx: re.Pattern) -> FoldedPattern | None:
    """``rx`` (case-insensitive) as a case-sensitive pattern for `fold`-ed text:
    ``for_folded(rx).search(fold(text))`` finds the same spans as ``rx.search(text)``,
    about 1.5-4x faster (sre lowercases each character it tries under IGNORECASE).

    The pattern's letters are lowercased (not escapes or group names): under IGNORECASE
    "[A-Za-z]" or "IED" match what "[a-z]" or "ied" match in folded text, where `fold`
    has mapped the four odd letters re.IGNORECASE also takes ("İ", "ı", "ſ", Kelvin's K)
    to ASCII. None when ``rx`` is not case-insensitive or holds what lowercasing cannot
    carry over (a character code, an inline flag, a range between cases, a control
    character).
    """
    if not rx.flags & re.IGNORECASE or _MAY_BE_CASED.search(rx.pattern):
        return None
    pattern = "".join(p if len(p) > 1 else p.lower() for p in _PIECE.findall(rx.pattern))
    return FoldedPattern(pattern, rx.flags & ~re.IGNORECASE)


def folded(rx: re.Pattern) -> FoldedPattern:
    """`for_folded`, for a pattern that must have a folded form (else ValueError, at
    import: a capital letter added to such a pattern is caught at once)."""
    out = for_folded(rx)
    if out is None:
        raise ValueError(f"no case-sensitive form for folded text: {rx.pattern[:60]!r}...")
    return out


# -- every keyword at once ---------------------------------------------------------------------

#: every literal that a `Gate` (or `literals`) registered; `keywords` finds them all in
#: one pass over a text (Aho–Corasick: the cost does not grow with their number)
_LITERALS: set[str] = set()
_AUTOMATON: Any = None  # an ahocorasick.Automaton once built


def literals(keys) -> frozenset:
    """Register lowercase literals for `keywords` and return them as a frozenset: then
    ``not lits.isdisjoint(keywords(low))`` is ``any(k in low for k in lits)``."""
    global _AUTOMATON
    keys = frozenset(keys)
    if "" in keys:
        raise ValueError("an empty literal is in every text; drop it")
    if not keys <= _LITERALS:
        _LITERALS.update(keys)
        _AUTOMATON = None  # rebuilt on the next call
    return keys


def index_by_literal(needs) -> dict[str, tuple[int, ...]]:
    """For a list whose item ``i`` needs one of the literals ``needs[i]`` (None: handled
    apart): literal -> the indices of the items that need it. With it a caller tries only
    the items whose literals `keywords` found, in their order."""
    index: dict[str, tuple[int, ...]] = {}
    for i, words in enumerate(needs):
        for word in words or ():
            index[word] = index.get(word, ()) + (i,)
    return index


def keywords(low: str) -> set[str]:
    """The registered literals that occur in ``low`` (a `fold`-ed text)."""
    global _AUTOMATON
    automaton = _AUTOMATON
    if automaton is None:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for key in _LITERALS:
            automaton.add_word(key, key)
        automaton.make_automaton()
        _AUTOMATON = automaton
    return {key for _, key in automaton.iter(low)}


class Gate:
    """A regex behind keyword tests: `search` runs the pattern only when the folded
    sentence contains one of ``keys``, each a literal every match must contain (or,
    with ``exact``, the pattern is itself just an alternation of these literals).

    Parameters
    ----------
    keys : iterable of str
        Lowercase literals; every match of ``rx`` contains at least one of them.
    rx : re.Pattern, optional
        The pattern the result must come from; omitted when ``keys`` say it all.
    sure : iterable of str
        Lowercase literals whose presence alone means ``rx`` matches (the pattern is an
        alternation that contains them as they are): then `search` answers True without
        running it.
    prefix : bool
        Every match of ``rx`` not answered by a ``sure`` literal starts with one of
        ``keys`` (folded): `search_in` then starts the pattern at the first of them.
    """

    __slots__ = ("keys", "rx", "sure", "keyset", "sureset", "prefix", "low_rx")

    def __init__(self, keys, rx: re.Pattern | None = None, sure=(), *,
                 prefix: bool = False) -> None:
        self.keys = tuple(keys)
        self.rx = rx
        # the same pattern for the folded text, when it can be made (faster)
        self.low_rx = for_folded(rx) if rx is not None else None
        self.sure = tuple(sure)
        self.keyset = literals(self.keys)
        self.sureset = literals(self.sure)
        self.prefix = prefix

    def may_in(self, found: set[str]) -> bool:
        """`may`, from the `keywords` of the folded text."""
        return not self.keyset.isdisjoint(found)

    def search_in(self, text: str, found: set[str], low: str | None = None):
        """`search`, from the `keywords` of the folded text (``low``, when given, lets a
        ``prefix`` gate start its pattern at the first of its words)."""
        if self.sure and not self.sureset.isdisjoint(found):
            return True
        if self.keyset.isdisjoint(found):
            return None
        if self.rx is None:
            return True
        if low is None:
            return self.rx.search(text)
        if self.prefix:  # every match starts with one of the keys: tried only there
            there = tuple(self.keyset.intersection(found))
            if self.low_rx is not None:
                return search_at(self.low_rx, low, there)
            return self.rx.search(text, min(map(low.find, there)))
        if self.low_rx is not None:
            return self.low_rx.search(low)
        return self.rx.search(text)

    def may(self, low: str) -> bool:
        for k in self.keys:
            if k in low:
                return True
        return False

    def search(self, text: str, low: str):
        """``rx.search(text)`` (or a truthy value when there is no pattern or a ``sure``
        literal is present), else None."""
        for k in self.sure:
            if k in low:
                return True
        for k in self.keys:
            if k in low:
                if self.rx is None:
                    return True
                return self.low_rx.search(low) if self.low_rx is not None else \
                    self.rx.search(text)
        return None


#: the non-ASCII characters of news text that are no word characters (curly quotes, dashes,
#: spaces), and an ASCII character that splits words alike: the curly apostrophe joins two
#: words as "'" does, the others separate them as a space does
_NON_WORD_NON_ASCII = {"’": "'", "‘": " ", "“": " ", "”": " ", "\u00a0": " ", "\u2013": " ",
                       "\u2014": " ", "\u2026": " ", "\u2009": " ", "\u202f": " "}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def ascii_stand_in(text: str) -> str | None:
    """``text`` with each non-ASCII character replaced by an ASCII one that cuts words
    alike (the same length, the same words, of `mentions.Tokens` or ``\\w+`` runs): the
    curly apostrophe by "'", a letter or a digit (what ``[^\\W_]`` takes) by "a", anything
    else by a space. ``str.replace`` runs at memory speed, once for each of the few
    characters a text holds. None for a text of more than 64 different ones (a pattern's
    split is then cheaper)."""
    for ch, ascii_ch in _NON_WORD_NON_ASCII.items():
        if ch in text:
            text = text.replace(ch, ascii_ch)
    if text.isascii():
        return text
    others = set(_NON_ASCII.findall(text))
    if len(others) > 64:
        return None
    for ch in others:
        text = text.replace(ch, "a" if ch.isalnum() else " ")
    return text


_RUN = re.compile(r"\w+")
#: 1 for the bytes of the ASCII characters ``\w`` matches (letters, digits, "_"), else 0
_WORD_BYTES = bytes(int((c < 128 and chr(c).isalnum()) or c == 95) for c in range(256))


def _runs_before(text: str, low: str, until: int) -> list[int]:
    """Start and end of each ``\\w+`` run of ``text`` that starts before ``until``, one
    after the other (``low`` is ``fold(text)``): by `_word_runs` on ``low`` or its
    `ascii_stand_in`, else (a text of many scripts) by ``_RUN.finditer``."""
    stand_in = low if low.isascii() else ascii_stand_in(low)
    if stand_in is not None:
        return _word_runs(stand_in, until)
    runs: list[int] = []
    for w in _RUN.finditer(text):
        if w.start() >= until:
            break
        runs += w.span()
    return runs


def _word_runs(low: str, until: int) -> list[int]:
    """Start and end of each ``\\w+`` run of ``low`` that starts before ``until``, one
    after the other, for a `fold`-ed text that is ASCII (or its `ascii_stand_in`): what
    ``_RUN.finditer`` finds there and in the text it was folded from (folding maps a
    character to an ASCII one only from a letter), by a compiled loop over its bytes
    instead of a match object and two method calls per word."""
    raw = low.encode("ascii")
    word = _WORD_BYTES
    n = len(raw)
    out: list[int] = []
    i = 0
    while i < n:
        if not word[raw[i]]:
            i += 1
            continue
        if i >= until:
            break
        out.append(i)
        i += 1
        while i < n and word[raw[i]]:
            i += 1
        out.append(i)
    return out


def scan_words(rx: Pattern, text: str, firsts: frozenset, low: str | None = None,
               until: int | None = None):
    """``rx.finditer(text)`` for a pattern whose every match starts at the start of a word
    (a ``\\b`` before a word character) whose folded form is in ``firsts`` or which starts
    with a digit: the pattern is tried only there, not at every character.

    ``low`` is ``fold(text)`` (same length as ``text``) when the caller has it; no match
    is looked for at or after ``until`` (when the caller knows none starts there).
    """
    if low is None:
        low = fold(text)
    if until is None:
        until = len(text)
    pos = 0
    runs = _runs_before(text, low, until)
    for k in range(0, len(runs), 2):
        s = runs[k]
        if s >= pos:
            word = low[s:runs[k + 1]]
            if word in firsts or word[0].isdecimal():
                m = rx.match(text, s)
                if m is not None:
                    yield m
                    pos = m.end()


#: per set of ``firsts``: folded word -> offsets inside it where `scan_word_ends` tries its
#: pattern (remembered: the same words come back in every article)
_WORD_END_STARTS: dict[frozenset, dict[str, tuple[int, ...]]] = {}


def _word_end_starts(word: str, firsts: frozenset, longest: int) -> tuple[int, ...]:
    n = len(word)
    return tuple(k for k in range(n) if (n - k <= longest and word[k:] in firsts) or
                 word[k].isdecimal())


def scan_word_ends(rx: Pattern, text: str, firsts: frozenset, low: str | None = None,
                   until: int | None = None):
    """``rx.finditer(text)`` for a pattern without a leading ``\\b`` whose every match
    starts either at a digit or at one of ``firsts`` that ends where its word ends (it
    may start inside a word: "an" in "Tehran"). The pattern is tried only there, and
    only before ``until`` when the caller knows no match starts at or after it.
    """
    if low is None:
        low = fold(text)
    if until is None:
        until = len(text)
    memo = _WORD_END_STARTS.get(firsts)
    if memo is None:
        memo = _WORD_END_STARTS.setdefault(firsts, {})
    longest = None
    pos = 0
    runs = _runs_before(text, low, until)
    for r in range(0, len(runs), 2):
        s, e = runs[r], runs[r + 1]
        if e <= pos:
            continue
        word = low[s:e]
        offsets = memo.get(word)
        if offsets is None:
            if longest is None:
                longest = max(map(len, firsts))
            offsets = _word_end_starts(word, firsts, longest)
            if len(memo) < 200_000:
                memo[word] = offsets
        for off in offsets:
            k = s + off
            if k >= until:
                break
            if k < pos:
                continue
            m = rx.match(text, k)
            if m is not None:
                yield m
                pos = m.end()
