"""Article text -> incidents: dates, places and roles, munitions, casualties, actors.

Rule-based and offline: sentences are split with their character offsets, place names
found and geocoded with the gazetteer (with the whole article as context), and
sentences about the same event merged into one incident (see `events`). Past events
recalled as context are kept, with their own dates, and flagged ``background``.

Examples
--------
>>> from geoincidents.gazetteer import Gazetteer
>>> text = "Two rockets landed inside Camp Taji on Sunday, injuring a soldier."
>>> res = extract_text(text, gazetteer=Gazetteer.load(), published="2020-03-16")
>>> res.incidents[["event_type", "date", "place_name", "n_landed", "injured"]].values.tolist()
[['rocket_attack', Timestamp('2020-03-15 00:00:00'), 'Camp Taji', 2, 1]]
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from geoincidents import model, nlp
from geoincidents.errors import DataError
from geoincidents.extract import clauses, dates
from geoincidents.extract import mentions as mentions_mod, place_resolve
from geoincidents.extract import text as text_mod
from geoincidents.gazetteer import Gazetteer, Place, country_place
from geoincidents.model import ReadResult, Reject

#: Suffixes read as articles.
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")

#: Files larger than this are refused as articles (a whole corpus in one file is not an
#: article; split it). Change at run time if needed.
max_article_bytes: int = 2_000_000

#: Events dated this many days or more before publication are background.
background_days: int = 10

#: Events this many days or more before the article's lead event are background too,
#: unless they fall in the lead's own calendar week (Monday to Sunday): "On Monday, ..."
#: in a Friday story is this week's news; "On Thursday, ..." in a Monday story is last
#: week's context.
lead_gap_days: int = 3

#: A thwarted attack whose only place is its target is placed at the target with at
#: least this uncertainty (the seizure location is unknown; the weapons never got there).
thwarted_radius_m: float = 10_000.0


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    parsed = dates.parse_date(str(value))
    if parsed is None:
        raise DataError(f"published: {value!r} is not a date; expected YYYY-MM-DD")
    return parsed


def prepare(text: str, *, source: str = "<text>", published=None,
            html: bool | None = None) -> text_mod.Document:
    """Plain text, publication date and sentences of an article."""
    notes: list[str] = []
    page_date = None
    if html or (html is None and text_mod.looks_like_html(text)):
        text, page_date = text_mod.html_to_text(text)
    body_start, header_date = text_mod.split_header(text)
    pub = _as_date(published)
    if pub is None:
        for found in (header_date, page_date):
            if found:
                pub = dates.parse_date(found)
                if pub is None:
                    notes.append(f"publication date {found!r} not understood; relative dates "
                                 "are left unresolved")
                if pub is not None:
                    break
    sentences = clauses.split_events(text_mod.split_sentences(text, body_start))
    if pub is None:
        pub = _dateline_date(sentences)
    return text_mod.Document(text, sentences, pub, source, notes)


def _dateline_date(sentences) -> dt.date | None:
    """The filing day of a dateline that gives its year ("NIAMEY, Niger, Oct. 3, 2024 -"),
    the publication date of an article that has no other."""
    for sent in sentences[:3]:
        end = text_mod.dateline_end(sent.text)
        if end:
            return dates.parse_date(sent.text[:end])
    return None


def find_places(doc: text_mod.Document, *, gazetteer: Gazetteer,
                country: Iterable[str] = ()) -> list[mentions_mod.Mention]:
    """Every place mention of an article, geocoded with the article as context."""
    from geoincidents.geoparse.link import refine

    found = mentions_mod.find_mentions(doc.text, doc.sentences, gazetteer)
    found = place_resolve.resolve_mentions(found, gazetteer, doc.text, doc.sentences,
                                           country=country)
    # world names are resolved again by the evidence resolver (geoincidents.geoparse)
    before = {id(m): m.place for m in found}
    found = refine(doc.text, found, gazetteer, doc=doc.entities)
    place_resolve.follow_antecedents(found, before)
    return found


def extract_text(text: str, *, gazetteer: Gazetteer, published=None, source: str = "<text>",
                 country: str | Iterable[str] | None = None) -> ReadResult:
    """Incidents of one article.

    Parameters
    ----------
    text : str
        The article (plain text, Markdown or HTML).
    gazetteer : Gazetteer
    published : date or str, optional
        Publication date; relative dates ("on Sunday") are resolved against it. Without
        it (and without a date in the file's header), they stay unresolved: the words are
        kept in ``date_text`` and ``date`` is NaT.
    source : str
        Name recorded in ``source_file`` and in messages.
    country : str or iterable of str, optional
        ISO codes the article is about (helps choose among namesakes).

    Returns
    -------
    ReadResult
        One row per incident; a warning when the article reports none.
    """
    rows, positions, rejects, warnings = extract_records(text, gazetteer=gazetteer,
                                                         published=published, source=source,
                                                         country=country)
    return ReadResult(_frame(rows, positions), rejects, warnings)


def _frame(rows: list[dict], positions: list[tuple[float, float]]):
    """The incident frame of `extract_records` rows, points made in one vectorised call."""
    import shapely  # (here: `places` finds places and builds no frame)

    points = shapely.points(positions) if positions else []
    return model.conform(pd.DataFrame(rows), geometry=points)


def extract_records(text: str, *, gazetteer: Gazetteer, published=None, source: str = "<text>",
                    country: str | Iterable[str] | None = None, name: str | None = None):
    """`extract_text` without building the frame: (rows, positions, rejects, warnings),
    a position being the (lon, lat) of the row's point. Incident ids are ``NAME-1``,
    ``NAME-2``...; ``name`` defaults to the source file's stem.

    Reading many articles builds one frame at the end (building a frame costs more than
    reading an article).
    """
    doc = prepare(text, source=source, published=published)
    doc.entities = nlp.entities(doc.text)
    return _records(doc, gazetteer=gazetteer, source=source, country=country, name=name)


def _records(doc: text_mod.Document, *, gazetteer: Gazetteer, source: str,
             country: str | Iterable[str] | None, name: str | None):
    """`extract_records` of a prepared (and parsed) article."""
    # (here: `places` finds places with this package and reads no facts)
    from geoincidents.extract import incident_filter, records

    countries = [country] if isinstance(country, str) else list(country or [])
    warnings = [Reject(source, None, None, None, n) for n in doc.notes]
    places = find_places(doc, gazetteer=gazetteer, country=countries)
    found = records.incidents(doc, places)
    fallback = _document_country(places, doc.text, countries, gazetteer)
    stem = name or (Path(source).stem if source not in ("<text>", "<stdin>") else "article")
    rows, positions, rejects = records.rows(
        found, doc, stem, source, fallback, background_days=background_days,
        lead_gap_days=lead_gap_days, thwarted_radius_m=thwarted_radius_m)
    # the learned last check: a candidate it drops is a warning naming it, not lost
    rows, positions, dropped = incident_filter.apply(found, rows, positions, stem=stem,
                                                     source=source,
                                                     n_sentences=len(doc.sentences))
    warnings += dropped
    if not found:
        warnings.append(Reject(source, None, None, None,
                               "no incident found: no sentence reports an attack, strike, "
                               "raid, protest or other event with a place or a date"))
    return rows, positions, rejects, warnings


def _document_country(places, text, countries, gazetteer: Gazetteer) -> Place | None:
    counts = place_resolve.document_countries(places, text, countries)
    if not counts:
        return None
    return _country_place(gazetteer, max(counts, key=counts.__getitem__))  # first of equals


def _country_place(gazetteer: Gazetteer, code: str) -> Place | None:
    """The country-level place for an ISO code: curated first, else the world's."""
    return country_place(code, gazetteer)


# -- files --------------------------------------------------------------------------------------

def article_files(path: str | os.PathLike[str]) -> list[Path]:
    """The article files of a folder (sorted), or the file itself."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file() and
                      f.suffix.lower() in ARTICLE_SUFFIXES and not f.name.startswith("."))
    return [p]


def read_articles(path: str | os.PathLike[str] | None, *, gazetteer: Gazetteer,
                  country: str | Iterable[str] | None = None, published=None,
                  workers: int = 1) -> ReadResult:
    """Incidents of an article file, a folder of them, or stdin (``None`` or ``"-"``).

    A file that cannot be used (missing, empty, binary, too large) becomes a `Reject`
    naming the file and the reason; an article with no incident becomes a warning; the
    other files are read all the same.

    With ``workers`` > 1, a folder's articles are read by that many processes at once
    (forked from this one, see `geoincidents.workers`); the result is the same, in the
    same order.
    """
    if hasattr(path, "read"):  # an open binary file (stdin read ahead by the CLI)
        items: list[tuple[str, bytes | None, str | None]] = [
            (str(getattr(path, "name", "<stdin>")), path.read(), None)]
    elif path is None or str(path) == "-":
        items = [("<stdin>", sys.stdin.buffer.read(), None)]
    else:
        if not Path(path).exists():
            raise DataError(f"{path}: file or folder not found")
        files = article_files(path)
        if Path(path).is_dir() and not files:
            return ReadResult(model.empty_incidents(), [], [Reject(
                str(path), None, None, None,
                f"no article files ({', '.join(ARTICLE_SUFFIXES)}) in this folder")])
        items = [(str(f), None, name) for f, name in zip(files, _id_names(path, files))]
    got: dict[int, tuple] = {}  # item number -> (rows, positions, rejects, warnings)

    def read(ks: range) -> dict[int, tuple]:
        """The results of items ``ks``: the articles go through the NER in one stream
        (spaCy batches them)."""
        out: dict[int, tuple] = {}

        def prepared():
            for k in ks:
                source, raw, name = items[k]
                try:
                    text, notes = _read_item(source, raw)
                    doc = prepare(text, source=source, published=published)
                except _ITEM_ERRORS as exc:
                    out[k] = ([], [], [_item_reject(source, exc)], [])
                    continue
                yield doc.text, (k, name, notes, doc)

        for entities, (k, name, notes, doc) in nlp.entities_many(prepared()):
            doc.entities = entities
            try:
                result = _records(doc, gazetteer=gazetteer, source=doc.source,
                                  country=country, name=name)
            except _ITEM_ERRORS as exc:
                out[k] = ([], [], [_item_reject(doc.source, exc)], [])
                continue
            out[k] = (result[0], result[1], result[2],
                      [Reject(doc.source, None, None, None, n) for n in notes] + result[3])
        return out

    chunks = [range(a, min(a + WORKER_CHUNK, len(items)))
              for a in range(0, len(items), WORKER_CHUNK)]
    if workers > 1 and len(chunks) > 2:
        # the first chunk here: it loads the pipeline, the gazetteers' indexes and the
        # rule engines once, and the workers forked after it inherit them
        got.update(read(chunks.pop(0)))
        got.update(_read_in_workers(read, chunks, workers))
    else:
        got.update(read(range(len(items))))
    rows, positions, rejects, warnings = [], [], [], []
    for k in sorted(got):
        rows += got[k][0]
        positions += got[k][1]
        rejects += got[k][2]
        warnings += got[k][3]
    return ReadResult(_frame(rows, positions), rejects, warnings)


#: Articles a worker process reads at a time (see `read_articles`' ``workers``).
WORKER_CHUNK = 8


def _read_in_workers(read, chunks: list[range], workers: int) -> dict[int, tuple]:
    """``read`` of each chunk in ``workers`` forked processes; the bytes they read
    advance this process's progress bar as their results come back."""
    from geoincidents import progress, workers as workers_mod

    def counted(ks: range) -> tuple[dict[int, tuple], int]:
        done = 0

        def count(n: int) -> None:
            nonlocal done
            done += n

        with progress.track(count):
            return read(ks), done

    got: dict[int, tuple] = {}
    for part, done in workers_mod.map_ordered(counted, chunks, workers=workers):
        got.update(part)
        progress.advance(done)
    return got


def _read_item(source: str, raw: bytes | None) -> tuple[str, list[str]]:
    """The text of one article file (or of bytes read already) and the decoding notes."""
    if raw is None:
        size = Path(source).stat().st_size
        if size > max_article_bytes:
            raise DataError(f"{source}: {size:,} bytes is larger than an article "
                            f"(limit {max_article_bytes:,} bytes); split the file "
                            "into articles, or read it as a table with convert")
        raw = Path(source).read_bytes()
    elif len(raw) > max_article_bytes:
        raise DataError(f"{source}: {len(raw):,} bytes is larger than an article "
                        f"(limit {max_article_bytes:,} bytes)")
    from geoincidents import progress

    progress.advance(len(raw))
    return text_mod.decode(raw, source)


_ITEM_ERRORS = (DataError, OSError, OverflowError)


def _item_reject(source: str, exc: Exception) -> Reject:
    """The reject naming an article that cannot be read, and why."""
    if isinstance(exc, DataError):
        return Reject(source, None, None, None, str(exc).removeprefix(f"{source}: "))
    if isinstance(exc, OverflowError):
        # a date at the edge of the calendar (e.g. "Published: 0001-01-01"): this
        # article cannot be dated against it; the others are read all the same
        return Reject(source, None, "published", None,
                      f"a date out of the calendar's range while reading it "
                      f"({exc}); expected a publication date within years "
                      "1-9999 that relative dates can count from")
    return Reject(source, None, None, None, f"cannot be read ({exc.strerror})")


def _id_names(root, files: list[Path]) -> list[str]:
    """The name each file's incident ids start with: its stem, or, where two files of a
    folder share a stem (``a/report.txt``, ``b/report.txt``), its path below the folder
    (``a-report``, ``b-report``), so that ids stay unique."""
    stems = [f.stem for f in files]
    out = []
    for f, stem in zip(files, stems):
        if stems.count(stem) > 1 and Path(root).is_dir():
            rel = f.relative_to(root)
            stem = "-".join((*rel.parent.parts, rel.stem)) if rel.parent.parts else \
                f"{rel.stem}{rel.suffix.replace('.', '-')}"
        out.append(stem)
    return out


def read_article_input(path, *, gazetteer: Gazetteer, country=None, published=None) -> ReadResult:
    """`geoincidents.pipeline.READERS` entry: same signature as `io.read_incidents`."""
    return read_articles(path, gazetteer=gazetteer, country=country, published=published)


read_article_input.accepts_published = True  # type: ignore[attr-defined]
