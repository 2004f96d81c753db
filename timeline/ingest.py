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
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .config import DEFAULT, Settings
from .model import Article

SUFFIXES = {".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv"}
HEADER_KEYS = {"title", "url", "source", "published"}


class IngestError(ValueError):
    """An input that cannot be read as an article: ``what`` names it, ``reason`` says why."""

    def __init__(self, what: str, reason: str):
        super().__init__(f"{what}: {reason}")
        self.what, self.reason = what, reason


@dataclass
class Problem:
    source: str
    message: str


# --------------------------------------------------------------------------- entry points

def read_paths(paths: Iterable[str | Path], settings: Settings = DEFAULT,
               published: Optional[date] = None) -> tuple[list[Article], list[Problem]]:
    """Every article under ``paths`` (files or folders, recursively), each text once.

    A missing path raises ``FileNotFoundError``; an unreadable file becomes a ``Problem``
    and the rest is still read.
    """
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for path in map(Path, paths):
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        for file in _files(path):
            try:
                found = read_file(file, settings, published)
            except IngestError as exc:
                problems.append(Problem(str(file), exc.reason))
                continue
            for article in found:
                if article.article_id not in seen:
                    seen.add(article.article_id)
                    articles.append(article)
    return articles, problems


def read_file(path: str | Path, settings: Settings = DEFAULT,
              published: Optional[date] = None) -> list[Article]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise IngestError(path.name, f"{size:,} bytes is over the "
                              f"{settings.max_file_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path.name, f"cannot read ({exc.strerror or exc})") from exc
    return read_bytes(path.name, data, settings, published)


def read_bytes(name: str, data: bytes, settings: Settings = DEFAULT,
               published: Optional[date] = None) -> list[Article]:
    """Articles from an uploaded or read file, chosen by the file name's suffix."""
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
        records = [html_record(text)]
    else:
        records = [header_record(text)]
    articles = []
    for i, rec in enumerate(records):
        label = name if len(records) == 1 else f"{name}#{i + 1}"
        articles.append(make_article(rec, default_source=label, settings=settings,
                                     published=published, what=label))
    return articles


def from_text(text: str, *, title: str = "", source: str = "", url: str = "",
              published: Optional[date | str] = None, settings: Settings = DEFAULT) -> Article:
    """An article from pasted text and form fields (a header block is not parsed)."""
    rec = {"text": text, "title": title, "source": source, "url": url,
           "published": published.isoformat() if isinstance(published, date) else published}
    return make_article(rec, default_source=source or "pasted text", settings=settings,
                        what=title or "pasted text")


# --------------------------------------------------------------------------- records

def make_article(rec: dict, *, default_source: str, settings: Settings = DEFAULT,
                 published: Optional[date] = None, what: str = "article") -> Article:
    """Validate one record (``text`` required) and settle its publication date."""
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(what, f"no article text")
    if "\x00" in text:
        raise IngestError(what, f"looks like a binary file (NUL bytes in the text)")
    if len(text) > settings.max_article_chars:
        raise IngestError(what, f"{len(text):,} characters is over the "
                          f"{settings.max_article_chars:,}-character limit")
    field_date = parse_published(rec.get("published"))
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


def _json_records(text: str, name: str, lines: bool) -> list[dict]:
    try:
        if lines:
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            data = json.loads(text)
            items = data if isinstance(data, list) else [data]
    except json.JSONDecodeError as exc:
        raise IngestError(name, f"not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not items or not all(isinstance(i, dict) for i in items):
        raise IngestError(name, f"expected article objects with a 'text' field")
    return items


def _csv_records(text: str, name: str) -> list[dict]:
    csv.field_size_limit(10**9)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = {f.strip().lower(): f for f in (reader.fieldnames or [])}
    if "text" not in fields:
        raise IngestError(name, f"CSV needs a 'text' column (has: {', '.join(fields) or 'none'})")
    rows = [{k: row.get(orig) for k, orig in fields.items()} for row in reader]
    rows = [r for r in rows if (r.get("text") or "").strip()]
    if not rows:
        raise IngestError(name, f"CSV has no rows with text")
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
        raise IngestError(name, f"the file is empty")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _normalise(data.decode(codec, errors="replace"))
    if b"\x00" in data[:4096]:
        raise IngestError(name, f"looks like a binary file, not text")
    for codec in ("utf-8", "cp1252"):
        try:
            return _normalise(data.decode(codec))
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return _normalise(str(best) if best is not None else data.decode("latin-1"))


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
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
    text = "\n\n".join(p for p in paragraphs if p)
    meta = parser.meta
    published = next((meta[k] for k in _DATE_META if meta.get(k)), None)
    title = meta.get("og:title") or " ".join(parser.title.split())
    return {"text": text, "title": title, "published": published,
            "url": meta.get("og:url", ""), "source": meta.get("og:site_name", "")}


# --------------------------------------------------------------------------- publication date

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(value) -> Optional[date]:
    """A publication date from a header/field value; never a relative date ("yesterday")."""
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
        "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None


# A dateline opens a paragraph: "BEIRUT (Agency - 05th October, 2020)". A byline is a short
# line that says so ("By X | date", "Published ...") or is mostly a date.
_DATELINE = re.compile(r"^[A-Z][A-Z .,'/-]{1,60}\s*\(([^()\n]{0,120})\)", re.M)
_BYLINE = re.compile(r"^\s*(?:by|published|posted|updated|date[d]?)\b|\|", re.I)
_LEAD_CHARS = 1500


def published_in_text(text: str, settings: Settings = DEFAULT) -> Optional[date]:
    """The date a byline or dateline near the top states (``By X | Thursday, 01 October 2020``,
    ``BEIRUT (Sputnik - 05th October, 2020)``); dates in the story itself are not taken."""
    from .dates import find_dates

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
            if (cued or mostly_date) and re.match(r"^\d{4}-\d{2}-\d{2}", v):
                try:
                    return date.fromisoformat(v[:10])
                except ValueError:
                    continue
    return None


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
        return
    for p in sorted(path.rglob("*")):
        if p.is_file() and p.suffix.lower() in SUFFIXES and not any(
                part.startswith(".") for part in p.relative_to(path).parts):
            yield p
