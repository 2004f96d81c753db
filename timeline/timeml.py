"""Read TimeML documents (TimeBank, AQUAINT, TempEval-3): plain text, gold TIMEX3 spans, DCT.

Only the ``<TEXT>`` element is read, as TempEval-3 scores it; inline tags (EVENT, SIGNAL,
TIMEX3) are dropped and TIMEX3 elements become character spans of the plain text.
``read_standoff`` reads the same gold kept apart from plain articles (our news annotation);
``corrected`` applies adjudicated corrections of a gold (``tests/data/timex/README.md``).
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator, Optional

from .ingest import header_record, parse_published
from .lgl import read as read_lgl


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: Optional[str]
    mod: Optional[str] = None


@dataclass
class TimeMLDoc:
    doc_id: str
    text: str
    dct: Optional[date]
    timexes: list[Timex] = field(default_factory=list)
    # spans adjudicated optional: tagging them or not is neither rewarded nor penalised
    optional: list[tuple[int, int]] = field(default_factory=list)


def _dct(root: ET.Element) -> Optional[date]:
    """The document creation time, the anchor for relative expressions."""
    node = root.find("DCT/TIMEX3")
    if node is None or not node.get("value"):
        return None
    try:
        return date.fromisoformat(node.get("value")[:10])
    except ValueError:
        return None


def _flatten(elem: ET.Element, parts: list[str], spans: list[Timex], pos: int) -> int:
    """Append ``elem``'s text to ``parts`` depth-first, recording TIMEX3 spans (text filled
    in later by the caller); return the new position."""
    start = pos
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        pos = _flatten(child, parts, spans, pos)
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    if elem.tag == "TIMEX3":
        spans.append(Timex(start, pos, "", elem.get("type", "DATE"), elem.get("value"),
                           elem.get("mod")))
    return pos


def parse(path: str | Path) -> TimeMLDoc:
    """One ``.tml`` file → its TEXT as plain text, its gold TIMEX3s and its DCT."""
    root = ET.parse(path).getroot()
    text_node = root.find("TEXT")
    parts: list[str] = []
    spans: list[Timex] = []
    if text_node is not None:
        _flatten(text_node, parts, spans, 0)
    text = "".join(parts)
    spans = [Timex(s.start, s.end, text[s.start:s.end], s.type, s.value, s.mod)
             for s in spans if s.end > s.start]
    doc_id = (root.findtext("DOCID") or Path(path).stem).strip()
    return TimeMLDoc(doc_id, text, _dct(root), sorted(spans, key=lambda s: s.start))


def read_dir(directory: str | Path, limit: Optional[int] = None) -> Iterator[TimeMLDoc]:
    """Every ``*.tml`` under ``directory`` (recursively), in sorted path order."""
    paths = sorted(Path(directory).rglob("*.tml"))
    for path in paths[:limit] if limit else paths:
        yield parse(path)


def read_standoff(path: str | Path, articles: str | Path) -> list[TimeMLDoc]:
    """TIMEX3s annotated apart from the text: one JSON object a line, ``{"doc", "text", "n",
    "type", "value"}``, the ``n``-th occurrence (from 1) of ``text`` in article ``doc``.
    ``articles`` is a folder of ``<doc>.txt`` (the body after the header block, the DCT its
    ``published:``) or an LGL/TR-News XML file (``docid``, text, the DCT its ``dltime``).
    Quoting the text, not offsets, keeps the file readable and checkable by hand."""
    source = _articles(Path(articles))
    docs: dict[str, TimeMLDoc] = {}

    def add(rec: dict) -> None:
        doc = docs.get(rec["doc"])
        if doc is None:
            doc = docs[rec["doc"]] = TimeMLDoc(rec["doc"], *source(rec["doc"]))
        s = _nth_start(doc, rec["text"], int(rec.get("n", 1)))
        doc.timexes.append(Timex(s, s + len(rec["text"]), rec["text"], rec["type"], rec["value"]))
    _each_record(path, add)
    for doc in docs.values():
        doc.timexes.sort(key=lambda t: t.start)
    return [docs[k] for k in sorted(docs)]


CORRECTIONS = ("value", "add", "remove", "optional")


def corrected(docs: list[TimeMLDoc], path: str | Path) -> list[TimeMLDoc]:
    """``docs`` with their gold corrected: one JSON object a line, ``{"doc", "text", "n",
    "action"}`` (the ``n``-th occurrence of ``text`` in ``doc``, as in ``read_standoff``), the
    action ``value`` (the gold TIMEX3 of that extent gets ``type`` and ``value``), ``add`` (a
    TIMEX3 the gold lacks), ``remove`` (no temporal expression) or ``optional`` (tagged or not,
    it is not scored). A correction that no longer fits its document is an error, so a gold
    and its corrections cannot drift apart silently."""
    by_id = {d.doc_id: TimeMLDoc(d.doc_id, d.text, d.dct, list(d.timexes), list(d.optional))
             for d in docs}

    def fix(rec: dict) -> None:
        if rec["doc"] in by_id:               # a correction of a document not read: no-op
            _correct(by_id[rec["doc"]], rec)
    _each_record(path, fix)
    for doc in by_id.values():
        doc.timexes.sort(key=lambda t: t.start)
    return [by_id[d.doc_id] for d in docs]


def _each_record(path: str | Path, handle) -> None:
    """``handle`` each JSON object of a JSONL file; any fault is a ValueError "file:line: why"."""
    for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            handle(json.loads(line))
        except (ValueError, KeyError, TypeError) as exc:
            why = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            raise ValueError(f"{path}:{i}: {why}") from None


def _nth_start(doc: TimeMLDoc, text: str, n: int) -> int:
    """Where the ``n``-th occurrence (from 1) of ``text`` starts in ``doc``'s text."""
    starts = [m.start() for m in re.finditer(re.escape(text), doc.text)]
    if not 0 < n <= len(starts):
        raise ValueError(f"{text!r} occurs {len(starts)} times in {doc.doc_id}, not {n}")
    return starts[n - 1]


def _correct(doc: TimeMLDoc, rec: dict) -> None:
    """Apply one correction record to ``doc`` in place (ValueError when it does not fit)."""
    action, text = rec["action"], rec["text"]
    if action not in CORRECTIONS:
        raise ValueError(f"action {action!r} is not one of {', '.join(CORRECTIONS)}")
    s = _nth_start(doc, text, int(rec.get("n", 1)))
    e = s + len(text)
    hit = [t for t in doc.timexes if (t.start, t.end) == (s, e)]
    if (action == "add") == bool(hit) and action != "optional":
        raise ValueError(f"{text!r} in {doc.doc_id} is {'already' if hit else 'not'} "
                         f"a gold TIMEX3: cannot {action} it")
    doc.timexes = [t for t in doc.timexes if t not in hit]
    if action in ("value", "add"):
        doc.timexes.append(Timex(s, e, text, rec["type"], rec["value"],
                                 hit[0].mod if hit else None))
    elif action == "optional":
        doc.optional.append((s, e))


def _articles(where: Path):
    """doc id → (text, DCT) from a folder of header-block articles or an LGL-style XML file."""
    if where.is_file():
        known = {a.docid: (a.text, parse_published(a.dltime)) for a in read_lgl(where)}

        def listed(doc: str):
            if doc not in known:
                raise ValueError(f"no article {doc!r} in {where}")
            return known[doc]
        return listed

    def one(doc: str):
        if not (where / f"{doc}.txt").is_file():
            raise ValueError(f"no article {doc!r} in {where}")
        head = header_record((where / f"{doc}.txt").read_text(encoding="utf-8"))
        return head["text"], parse_published(head.get("published"))
    return one
