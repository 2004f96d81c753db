"""Articles in: files, folders, uploads and pasted text → ``Article`` records.

Formats (CONTRACT.md): ``.txt``/``.md`` with an optional ``key: value`` header block,
``.html``/``.htm`` (article text only), ``.json`` (one object or a list), ``.jsonl`` and
``.csv`` (one article a row). Bad input raises ``IngestError`` naming the file; a folder
keeps going past a bad file and reports it.

Publication date, the anchor of every relative date, by precedence: the caller's override
(``--published``), the header/field ``published``, what the text says in its byline or
dateline, else none.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
import unicodedata
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .config import DEFAULT, Settings
from .dates import find_dates
from .model import Article
from .resources import pattern

log = logging.getLogger(__name__)

SUFFIXES = {".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv"}
HEADER_KEYS = {"title", "url", "source", "published"}


class IngestError(ValueError):
    """An input that cannot be read as an article: ``what`` names it, ``reason`` says why."""

    def __init__(self, what: str, reason: str):
        super().__init__(f"{what}: {reason}")
        self.what, self.reason = what, reason


@dataclass
class Problem:
    """Something the reader could not take as given: ``skipped`` says whether the file or
    record was left out (else it was read, with what the message says ignored)."""
    source: str
    message: str
    skipped: bool = True


# --------------------------------------------------------------------------- entry points

def read_paths(paths: Iterable[str | Path], settings: Settings = DEFAULT,
               published: Optional[date] = None) -> tuple[list[Article], list[Problem]]:
    """Every article under ``paths`` (files or folders, recursively), each text once.

    A missing path raises ``FileNotFoundError``; an unreadable file, folder or record
    becomes a ``Problem`` and the rest is still read. ``iter_paths`` is the same as a stream.
    """
    problems: list[Problem] = []
    return list(iter_paths(paths, settings, published, problems)), problems


def iter_paths(paths: Iterable[str | Path], settings: Settings = DEFAULT,
               published: Optional[date] = None,
               problems: Optional[list[Problem]] = None) -> Iterator[Article]:
    """``read_paths`` as a stream: one file is read at a time, so a corpus-sized folder is
    never held whole (only the ids seen, to read each text once). Every path is checked
    first: a missing one raises ``FileNotFoundError`` before any article is yielded.
    Problems are appended to ``problems`` as they are met."""
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
    return _stream(paths, settings, published, problems if problems is not None else [])


def _stream(paths: list[Path], settings: Settings, published: Optional[date],
            problems: list[Problem]) -> Iterator[Article]:
    seen: set[str] = set()
    for path in paths:
        for file in _files(path, problems):
            try:
                found = read_file(file, settings, published, problems)
            except IngestError as exc:
                problems.append(Problem(str(file), exc.reason))
                continue
            for article in found:
                if article.article_id not in seen:
                    seen.add(article.article_id)
                    yield article


def read_file(path: str | Path, settings: Settings = DEFAULT,
              published: Optional[date] = None,
              problems: Optional[list[Problem]] = None) -> list[Article]:
    """Articles of one file (see ``read_bytes`` for ``problems``)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise IngestError(path.name, f"{size:,} bytes is over the "
                              f"{settings.max_file_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path.name, f"cannot read ({exc.strerror or exc})") from exc
    return read_bytes(path.name, data, settings, published, problems)


def read_bytes(name: str, data: bytes, settings: Settings = DEFAULT,
               published: Optional[date] = None,
               problems: Optional[list[Problem]] = None) -> list[Article]:
    """Articles from an uploaded or read file, chosen by the file name's suffix.

    With a ``problems`` list, a bad record of a many-record file (``.json`` list, ``.jsonl``,
    ``.csv``) is noted there, naming its line or number, and the others are read; without
    one, it raises ``IngestError`` (nothing is dropped silently either way). A file with no
    good record at all always raises.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(name, f"unsupported file type {suffix or '(none)'}; "
                          f"use one of {', '.join(sorted(SUFFIXES))}")
    if len(data) > settings.max_file_bytes:
        raise IngestError(name, f"{len(data):,} bytes is over the "
                          f"{settings.max_file_bytes:,}-byte limit")
    text = decode(data, name)
    if suffix in (".json", ".jsonl"):
        records = _json_records(text, name, lines=suffix == ".jsonl")
    elif suffix == ".csv":
        records = _csv_records(text, name)
    elif suffix in (".html", ".htm"):
        records = [(name, html_record(text))]
    else:
        records = [(name, header_record(text))]
    many = len(records) > 1
    local: list[Problem] = []
    articles = []
    for i, (label, rec) in enumerate(records, 1):
        try:
            if isinstance(rec, IngestError):
                raise rec
            articles.append(make_article(rec, default_source=f"{name}#{i}" if many else name,
                                         settings=settings, published=published, what=label,
                                         problems=local))
        except IngestError as exc:
            if not many:
                raise
            local.append(Problem(label, exc.reason))
    bad = [p for p in local if p.skipped]
    if not articles:
        raise IngestError(name, f"no readable article ({len(bad)} bad record(s); first: "
                          f"{bad[0].source}: {bad[0].message})" if bad else "no readable article")
    if problems is not None:
        problems.extend(local)
    elif bad:
        raise IngestError(bad[0].source, bad[0].message)
    return articles


def from_text(text: str, *, title: str = "", source: str = "", url: str = "",
              published: Optional[date | str] = None, settings: Settings = DEFAULT) -> Article:
    """An article from pasted text and form fields (a header block is not parsed)."""
    rec = {"text": text, "title": title, "source": source, "url": url,
           "published": published.isoformat() if isinstance(published, date) else published}
    return make_article(rec, default_source=source or "pasted text", settings=settings,
                        what=title or "pasted text")


_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), "\ufffd")     # lone surrogates → U+FFFD


def clean_field(value) -> str:
    """A record field as text: lone surrogates (legal in JSON escapes, not in UTF-8) become
    U+FFFD one for one, so offsets hold and the text can be written out."""
    s = value if isinstance(value, str) else str(value)
    return s.translate(_SURROGATES)


# --------------------------------------------------------------------------- records

def make_article(rec: dict, *, default_source: str, settings: Settings = DEFAULT,
                 published: Optional[date] = None, what: str = "article",
                 problems: Optional[list[Problem]] = None) -> Article:
    """Validate one record (``text`` required) and settle its publication date.

    A ``published`` field that is no calendar date ("yesterday", "soon") is ignored, never
    resolved against today's clock; the note goes to ``problems`` when given."""
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(what, "no article text")
    if "\x00" in text:
        raise IngestError(what, "looks like a binary file (NUL bytes in the text)")
    if len(text) > settings.max_article_chars:
        raise IngestError(what, f"{len(text):,} characters is over the "
                          f"{settings.max_article_chars:,}-character limit")
    text = clean_field(text)
    reason = implausible(text)
    if reason:
        raise IngestError(what, reason)
    rec = {k: clean_field(v) for k, v in rec.items() if v is not None and k != "text"}
    field_date = parse_published(rec.get("published"))
    if field_date is None and str(rec.get("published") or "").strip():
        note = (f"published {rec['published'][:40]!r} is not a calendar date; ignored "
                f"(a relative date is never resolved against today)")
        if problems is None:
            log.warning("%s: %s", what, note)
        else:
            problems.append(Problem(what, note, skipped=False))
    if published is not None:
        when, basis = published, "cli"
    elif field_date is not None:
        when, basis = field_date, "header"
    else:
        when = published_in_text(text, settings)
        basis = "text" if when else "none"
    url = str(rec.get("url") or "")
    return Article(text=text, title=str(rec.get("title") or _first_line(text)),
                   source=str(rec.get("source") or url or default_source), url=url,
                   published=when, published_from=basis)


def header_record(text: str) -> dict:
    """Split an optional ``key: value`` header block (ended by one blank line) off the text."""
    head, sep, body = text.partition("\n\n")
    if sep:
        fields = {}
        for line in head.split("\n"):
            key, colon, value = line.partition(":")
            key = key.strip().lower()
            if not colon or key not in HEADER_KEYS:
                break
            fields[key] = value.strip()
        else:
            if fields:
                return {**fields, "text": body}
    return {"text": text}


Record = tuple[str, "dict | IngestError"]      # (label naming it, the record or why not)


def _json(text: str, what: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(what, f"not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    except RecursionError as exc:
        raise IngestError(what, "not valid JSON (nested too deeply)") from exc


def _json_records(text: str, name: str, lines: bool) -> list[Record]:
    """Each record with its label; a bad one as its error. JSON Lines end at ``\n`` only
    (U+2028 and other Unicode line breaks are legal inside a JSON string)."""
    out: list[Record] = []
    if lines:
        for n, line in enumerate(text.split("\n"), 1):
            if line.strip():
                label = f"{name} line {n}"
                try:
                    out.append((label, _json(line, label)))
                except IngestError as exc:
                    out.append((label, IngestError(label, exc.reason.replace(" (line 1: ", " ("))))
    else:
        data = _json(text, name)
        items = data if isinstance(data, list) else [data]
        out = [(name if len(items) == 1 else f"{name}#{i}", item)
               for i, item in enumerate(items, 1)]
    if not out:
        raise IngestError(name, "expected article objects with a 'text' field")
    return [(label, rec if isinstance(rec, (dict, IngestError)) else
             IngestError(label, "expected an article object with a 'text' field"))
            for label, rec in out]


def _csv_records(text: str, name: str) -> list[Record]:
    csv.field_size_limit(10**9)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = {f.strip().lower(): f for f in (reader.fieldnames or [])}
    if "text" not in fields:
        raise IngestError(name, f"CSV needs a 'text' column (has: {', '.join(fields) or 'none'})")
    rows = [(f"{name} line {reader.line_num}", {k: row.get(orig) for k, orig in fields.items()})
            for row in reader]
    rows = [r for r in rows if (r[1].get("text") or "").strip()]
    if not rows:
        raise IngestError(name, "CSV has no rows with text")
    return rows


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:117] + "…" if len(line) > 120 else line


# --------------------------------------------------------------------------- encodings

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, name: str = "input") -> str:
    """Bytes → text: a BOM, else strict UTF-8, else Windows-1252 (what English news not in
    UTF-8 nearly always is), else charset detection, else Latin-1 (never fails)."""
    if not data.strip():
        raise IngestError(name, "the file is empty")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _normalise(data.decode(codec, errors="replace"))
    if b"\x00" in data[:4096]:
        raise IngestError(name, "looks like a binary file, not text")
    for codec in ("utf-8", "cp1252"):
        try:
            return _normalise(data.decode(codec))
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return _normalise(str(best) if best is not None else data.decode("latin-1"))


_PLAUSIBLE_SAMPLE = 100_000


def implausible(text: str) -> Optional[str]:
    """Why ``text`` cannot be an article, or None: decoded binary data is full of control
    characters and replacement marks, and prose is mostly letters and spaces."""
    sample = text[:_PLAUSIBLE_SAMPLE]
    if len(sample.strip()) < 200:
        return None                        # too short to judge: a headline, a pasted line
    odd = sum(1 for c in sample if (unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs")
                                    and c not in "\n\t\f\v") or c == "\ufffd")
    if odd > 0.01 * len(sample):
        return f"looks like binary data, not text ({odd / len(sample):.0%} control characters)"
    letters = sum(1 for c in sample if c.isalpha())
    if letters < 0.4 * len(sample):
        return f"does not look like prose (only {letters / len(sample):.0%} letters)"
    return None


def _normalise(text: str) -> str:
    # Offsets are Python str indices into exactly this text: unify newlines once, here.
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- HTML

_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
         "form", "button", "svg", "iframe", "select", "figure"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "main", "tr", "blockquote", "pre", "figcaption", "ul", "ol", "table", "dd", "dt"}
_DATE_META = ("article:published_time", "datepublished", "date", "pubdate", "publishdate",
              "og:published_time", "dc.date", "dc.date.issued", "sailthru.date", "publication_date")


class _HTMLText(HTMLParser):
    """Visible text of the article body: no scripts, styles, navigation or forms."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"all": [], "article": []}
        self.skip = 0
        self.in_article = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "time" and a.get("datetime") and "pubdate" in a:
            self.meta.setdefault("pubdate", a["datetime"])
        if tag in _SKIP:
            self.skip += 1
        elif tag in ("article", "main"):
            self.in_article += 1
        elif tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self._emit("\n\n")

    def handle_endtag(self, tag):
        if tag in _SKIP and self.skip:
            self.skip -= 1
        elif tag in ("article", "main") and self.in_article:
            self.in_article -= 1
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._emit("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self._emit(data)

    def _emit(self, s):
        self.parts["all"].append(s)
        if self.in_article:
            self.parts["article"].append(s)


def html_record(html: str) -> dict:
    """Title, publication date (meta tags) and body text of an HTML page."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    body = "".join(parser.parts["article"]) or "".join(parser.parts["all"])
    text = "\n\n".join(_paragraphs(body))
    meta = parser.meta
    published = next((meta[k] for k in _DATE_META if meta.get(k)), None)
    title = meta.get("og:title") or " ".join(parser.title.split())
    return {"text": text, "title": title, "published": published,
            "url": meta.get("og:url", ""), "source": meta.get("og:site_name", "")}


def _paragraphs(body: str) -> list[str]:
    """The non-empty paragraphs of a text (blank or white lines between them), each with its
    white space collapsed to single spaces."""
    out, lines = [], []
    for line in body.split("\n") + [""]:
        if line.strip():
            lines.append(line)
        elif lines:
            out.append(" ".join(" ".join(lines).split()))
            lines = []
    return out


# --------------------------------------------------------------------------- publication date

_PATTERNS = Path(__file__).parent / "data" / "ingest_patterns.toml"
_ISO = pattern(_PATTERNS, "iso_date")


def parse_published(value) -> Optional[date]:
    """A publication date from a header/field value; never a relative date ("yesterday",
    "2 days ago"), which dateparser would resolve against today's clock."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    s = str(value).strip()
    m = _ISO.match(s)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(s, languages=["en"], settings={
        "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["custom-formats", "absolute-time"]})
    return parsed.date() if parsed else None


# A dateline opens a paragraph: "BEIRUT (Agency - 05th October, 2020)". A byline is a short
# line that says so ("By X | date", "Published ...") or is mostly a date.
_DATELINE = pattern(_PATTERNS, "dateline")
_BYLINE = pattern(_PATTERNS, "byline")
_LEAD_CHARS = 1500


def published_in_text(text: str, settings: Settings = DEFAULT) -> Optional[date]:
    """The date a byline or dateline near the top states (``By X | Thursday, 01 October 2020``,
    ``BEIRUT (Sputnik - 05th October, 2020)``); dates in the story itself are not taken."""

    lead = text[:_LEAD_CHARS]
    regions = [(m.start(1), m.end(1), True) for m in _DATELINE.finditer(lead)]
    pos = 0
    for line in lead.split("\n"):
        if 0 < len(line.strip()) <= 100:
            regions.append((pos, pos + len(line), bool(_BYLINE.search(line))))
        pos += len(line) + 1
    for start, end, cued in sorted(regions):
        region = lead[start:end]
        for mention in find_dates(region, None, settings):
            v = mention.value or ""
            mostly_date = len(mention.text) >= 0.4 * len(region.strip())
            if (cued or mostly_date) and _ISO.match(v):
                try:
                    return date.fromisoformat(v[:10])
                except ValueError:
                    continue
    return None


def _files(path: Path, problems: list[Problem]) -> Iterator[Path]:
    """The article files under ``path`` in path order, hidden ones left out. A folder that
    cannot be listed, a link back into a folder already read and a broken link are noted
    in ``problems``, not passed over in silence."""
    if not path.is_dir():
        yield path
        return
    yield from _walk(path, problems, set())


def _walk(folder: Path, problems: list[Problem], seen: set) -> Iterator[Path]:
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in seen:
            problems.append(Problem(str(folder), "a link back to a folder already read "
                                    "(symbolic link loop)"))
            return
        seen.add((st.st_dev, st.st_ino))
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(str(folder), f"cannot read folder ({exc.strerror or exc})"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        p = Path(entry.path)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError as exc:
            problems.append(Problem(str(p), f"cannot read ({exc.strerror or exc})"))
            continue
        if is_dir:
            yield from _walk(p, problems, seen)
        elif is_file:
            if p.suffix.lower() in SUFFIXES:
                yield p
        elif entry.is_symlink():
            problems.append(Problem(str(p), "a broken link (its target does not exist)"))
