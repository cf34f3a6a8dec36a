"""Article text: bytes to text (encodings), HTML to text, publication date, sentences.

Every offset handed out is a character offset into the plain text of the article (for
HTML, the text after tags, scripts and styles are removed), so a quote can always be
found again with ``text[start:end]``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from geoincidents.errors import DataError


class Sentence(NamedTuple):
    """A sentence of the article: its offsets, text and paragraph number (0-based)."""

    start: int
    end: int
    text: str
    para: int
    #: a relative clause cut out of its sentence about another time ("March, when a drone
    #: wounded five", `clauses`): it may take its place from the clause it was cut from
    relative: bool = False


@dataclass
class Document:
    """An article ready for extraction."""

    text: str
    sentences: list[Sentence]
    published: dt.date | None
    source: str
    notes: list[str] = field(default_factory=list)
    #: the article through the NER once (a spaCy Doc, `nlp.entities`): its entities serve
    #: the place finder and the parsed sentences alike; None until run
    entities: Any = None


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
# (also after a byline on the same line: "By Jane Doe | Published: 3 October 2024")
_HEADER = re.compile(r"^(?:[^\n|·•]{1,80}[|·•]\s*)?"
                     r"(?:published|date|posted|dateline|publication date)\s*:\s*(.+?)\s*$",
                     re.I | re.M)

_LINE = re.compile(r"[^\n]*\n?")


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
    # header lines: among the first few lines of the file, also after a headline and a
    # blank line ("Title", "", "By Jane Doe", "Published: 2024-02-08"); a line of prose
    # ends the header
    head_end = 0
    kept = False  # a title or a blank line came first: the lines before stay body text
    lines = 0
    for line_match in _LINE.finditer(text, 0, 1000):
        line = line_match.group().strip()
        if not line:
            kept = kept or bool(head_end)
            continue
        hm = _HEADER.match(line)
        if hm:
            return (0 if kept else line_match.end()), hm.group(1)
        lines += 1
        kept = kept or line.startswith("#")
        head_end = line_match.end()
        if lines >= 6 or len(line) > 200:
            break
    return 0, None


# a dateline, where the story was filed: "MAROUA, Cameroon - ", "KABUL (Reuters) - "
# (and with the filing day: "BAGHDAD, March 16 (Reuters) - ", "AMMAN, Oct. 27 - ")
# (in Markdown, often set in bold or italics: "**RAMADI, Iraq** - ")
_DATELINE = re.compile(r"(?:\*{1,2}|_{1,2})?[A-Z][A-Z'’.]+(?: [A-Z][A-Z'’.]+)*"
                       r"(?:,\s*(?:[A-Z][\w'’.]*|\d{1,4})(?:,?\s+(?:[A-Z][\w'’.]*|\d{1,4}))*)?"
                       r"(?:\*{1,2}|_{1,2})?"
                       r"\s*(?:\([^()]{1,40}\)\s*)?(?:\*{1,2}|_{1,2})?[-–—]+(?:\s|$)")


def dateline_end(sentence: str) -> int:
    """Where a sentence's dateline ends (0: none). A dateline names where (and when) the
    story was filed, never the event's place or day."""
    head = sentence.lstrip("*_")
    if not (head[:1].isupper() and head[1:2].isupper()):
        return 0
    found = _DATELINE.match(sentence)
    return found.end() if found else 0


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
#: a line ending in one of these words runs on into the next, whatever its case: no
#: headline or field ends "... in" or "... the" ("bomb exploded in\nKandahar on Tuesday")
_RUNS_ON = re.compile(r"(?:^|\s)(?:a|an|the|of|in|on|at|to|by|for|from|with|near|into|onto|"
                      r"and|or|but|nor|as|than|that|which|who|whose|after|before|during|"
                      r"since|until|over|under|outside|inside|between|against|about)$",
                      re.IGNORECASE)
#: in a hard-wrapped paragraph (three lines or more), a line after the first that reaches
#: this share of the paragraph's longest line was wrapped, not ended
_WRAPPED_SHARE = 0.6
#: lines that stand on their own however long: fields ("Where: ...") and list items
_OWN_LINE = re.compile(r"[ \t]*(?:[A-Z][A-Za-z ]{0,24}:\s|[-*•·]\s|\d{1,2}[.)]\s)")


def _wrapped_width(chunk: str) -> int:
    """The width a hard-wrapped paragraph was wrapped at; 0 for one of fewer than 3 lines."""
    lines = chunk.split("\n")
    return max(len(line.rstrip()) for line in lines) if len(lines) >= 3 else 0


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
        width = _wrapped_width(chunk)
        pos = 0
        for bm in _BOUNDARY.finditer(chunk):
            end = bm.end()
            if bm.group() == "\n":
                line = chunk[pos:bm.start()].rstrip()
                if not line or line[-1] in ",;:-–—(" or (line[-1].isalpha() and (
                        chunk[end:end + 1].islower() or _RUNS_ON.search(line)
                        or _wrapped_line(chunk, bm.start(), width))):
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


def _wrapped_line(chunk: str, newline: int, width: int) -> bool:
    """Whether the line ending at `newline` is a wrapped line of a hard-wrapped paragraph:
    not its first line (a headline above the story), near the wrapping width, and neither
    it nor the next line a field ("Where: ...") or a list item."""
    line_start = chunk.rfind("\n", 0, newline) + 1
    return (width > 0 and line_start > 0
            and newline - line_start >= _WRAPPED_SHARE * width
            and not _OWN_LINE.match(chunk, line_start)
            and not _OWN_LINE.match(chunk, newline + 1))


def _add(out: list[Sentence], chunk: str, pos: int, end: int, offset: int, para: int) -> None:
    piece = chunk[pos:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = offset + pos + lead
    out.append(Sentence(s, s + len(stripped), stripped, para))
