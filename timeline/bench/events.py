"""``python -m timeline bench events --gold DIR``: score event extraction on an annotated set.

``DIR`` holds ``articles/NN.txt`` (or ``NN_name.txt`` in ``DIR`` itself; articles without a
gold line are skipped) (header block, blank line, text), ``gold.jsonl`` (one event a
line) and optionally ``route_gold.jsonl``. Every article goes through ``pipeline.process``;
then the scoring below, which is deliberately the one the issue states:

Matching
    A predicted event *covers* a gold event of the same article when the span of one of its
    evidence sentences overlaps the gold sentence (a prediction may include a dateline or a
    neighbouring clause; an event restated in the article carries each restating sentence as
    evidence, and gold annotates one of them, the fullest). Gold events are
    paired one-to-one with covering predictions, best agreement first (same date, same type,
    larger overlap); a gold event left over when every covering prediction is taken re-uses its
    best covering prediction (several gold events in one sentence, one prediction).

Recall     gold events covered by at least one prediction / gold events.
Precision  predictions covering at least one gold event / predictions. A second prediction on
           an already matched gold event is a duplicate (gold restates one happening once),
           not a false positive; it is counted apart as ``duplicates``. Both figures are also
           printed counting each prediction's own sentence only (``own sentence``), without
           the credit of its further evidence sentences, and leaving out (as news-wide's
           README states) unmatched predictions known only by a fallback date and no place.
Dates      over matched gold events whose gold ``date`` is non-null: correct when the paired
           prediction has the same value (day ``YYYY-MM-DD``, month ``YYYY-MM``, year ``YYYY``)
           *and* the same precision. A week-precision or missing prediction is wrong.
           Null-date gold ("the sentence gives no date") is scored apart (``null-date
           agreement``): correct when the prediction does not claim a date read from its own
           sentence, i.e. its date is null, ``basis == "reported"``, or its date text lies
           outside the gold sentence (inherited from narrative context).
Places     over matched gold events with at least one resolved place: correct when the
           prediction's ``location`` lies within 161 km of any gold place (300 km for places
           marked ``approx``). Gold events without places are left out.
Actors     over matched gold events with at least one gold actor: correct when some predicted
           actor (its ``text`` or canonical ``name``) equals a gold actor case-insensitively, or
           shares a distinctive token with it (a token of 4+ letters that is not a generic word
           such as "forces", "ministry", "president": "Hovhannisyan" matches "Artsrun
           Hovhannisyan", "Armenian forces" matches "Armenian army").
Types      reported for information: matched events whose paired prediction has the gold type.
Routes     a gold route is found when some predicted route of its article (or an assembled
           route) contains its stops as an in-order subsequence, each stop matched within 161 km
           (300 km ``approx``). Figure: found / gold routes.

Misses (gold not covered), false positives and wrong dates/places/actors are printed after the
figures, so each run says what to fix next.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

def _pattern(name: str) -> re.Pattern:
    """A named pattern of ``timeline/data/events/events_patterns.toml``."""
    from timeline.resources import pattern

    return pattern(Path(__file__).parents[1] / "data" / "events" / "events_patterns.toml", name)


TOL_KM = 161.0
TOL_APPROX_KM = 300.0
GENERIC = {
    "the", "and", "forces", "force", "ministry", "government", "military", "army", "armed",
    "president", "minister", "prime", "defense", "defence", "office", "group", "troops",
    "official", "officials", "spokesman", "leader", "agency", "news", "state", "general",
    "foreign", "national", "local", "security", "regional", "department", "council",
    "international", "committee", "front", "people", "their", "from", "with",
}


# ---------------------------------------------------------------- reading the gold set
def _read_articles(folder: Path):
    """Articles of ``folder/articles`` keyed by number, read by ``timeline.ingest``."""
    from timeline.model import Article

    out = {}
    sub = folder / "articles"
    for path in sorted((sub if sub.is_dir() else folder).glob("*.txt")):
        try:
            from timeline.ingest import read_file  # the project's reader (header block)

            art = read_file(path)[0]
        except ImportError:
            art = _parse_header(path, Article)
        # "08_karabakh_ap.txt" is article "08" (a folder of named articles, no articles/)
        out[path.stem.split("_")[0]] = art
    return out


def _parse_header(path: Path, Article):
    """``key: value`` lines, one blank line, then text (fallback without ``timeline.ingest``)."""
    raw = path.read_text(encoding="utf-8")
    head, sep, text = raw.partition("\n\n")
    meta = {}
    if sep and all(_pattern("gold_header_line").match(ln) for ln in head.splitlines()):
        for ln in head.splitlines():
            k, _, v = ln.partition(":")
            meta[k.strip().lower()] = v.strip()
    else:
        text = raw
    pub = date.fromisoformat(meta["published"]) if meta.get("published") else None
    return Article(text=text, title=meta.get("title", ""), source=path.name,
                   url=meta.get("url", ""), published=pub,
                   published_from="header" if pub else "none")


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


# ---------------------------------------------------------------- comparisons
def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def place_ok(pred, gold_places: list[dict]) -> bool:
    if pred is None or pred.lat is None:
        return False
    return any(km(pred.lat, pred.lon, g["lat"], g["lon"])
               <= (TOL_APPROX_KM if g.get("approx") else TOL_KM) for g in gold_places)


def _tokens(s: str) -> set[str]:
    return {t for t in _pattern("letters").findall(s.lower().replace("’s", "").replace("'s", ""))
            if len(t) >= 4 and t not in GENERIC}


def actor_ok(pred_actors, gold_actors: list[str]) -> bool:
    names = [s for a in pred_actors for s in (a.text, a.name) if s]
    for g in gold_actors:
        gl, gt = g.lower(), _tokens(g)
        for n in names:
            if n.lower() == gl or (gt and gt & _tokens(n)):
                return True
    return False


def date_ok(pred, gold: dict) -> bool:
    return bool(pred.date and pred.date.value == gold["date"]
                and pred.date.precision == gold["date_precision"])


def null_date_ok(pred, gold: dict, gspan) -> bool:
    d = pred.date
    if d is None or d.basis == "reported" or not d.text:
        return True
    # the date text inherited from context lies outside the gold sentence
    return d.text not in gold["sentence"]


# ---------------------------------------------------------------- scoring
@dataclass
class Score:
    gold: int = 0
    recalled: int = 0
    preds: int = 0
    precise: int = 0
    recalled_own: int = 0               # the same, each prediction's own sentence only
    precise_own: int = 0
    unanchored: int = 0                 # uncovered predictions known only by a fallback date
    duplicates: int = 0
    dates: list = field(default_factory=lambda: [0, 0])       # correct, total
    rel_dates: list = field(default_factory=lambda: [0, 0])
    exp_dates: list = field(default_factory=lambda: [0, 0])
    null_dates: list = field(default_factory=lambda: [0, 0])
    places: list = field(default_factory=lambda: [0, 0])
    actors: list = field(default_factory=lambda: [0, 0])
    types: list = field(default_factory=lambda: [0, 0])
    routes: list = field(default_factory=lambda: [0, 0])
    notes: list = field(default_factory=list)

    def note(self, kind: str, msg: str) -> None:
        self.notes.append((kind, msg))


def _span(text: str, sentence: str) -> Optional[tuple[int, int]]:
    i = text.find(sentence)
    return (i, i + len(sentence)) if i >= 0 else None


def _ratio(a, b) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / max(1, (b[1] - b[0]))


def _unanchored(pred) -> bool:
    """Known only by the publication-date fallback (``basis: reported``) and no place: gold
    does not annotate such events, "so it counts neither for nor against precision"
    (news-wide README)."""
    return (pred.date is None or pred.date.basis == "reported") and not pred.places \
        and pred.location is None


def score_article(aid: str, doc, golds: list[dict], sc: Score) -> None:
    """Score one article's events against its gold: precision over every prediction, then
    each gold event against the prediction paired with it."""
    preds = doc.events
    sc.preds += len(preds)
    spans = []
    for g in golds:
        sp = _span(doc.text, g["sentence"])
        if sp is None:
            sc.note("gold", f"{aid}: gold sentence not in text: {g['sentence'][:60]}")
        spans.append(sp)
    cover = _precision(aid, preds, spans, sc)
    paired = _pairs(cover, golds, preds, spans)
    sc.duplicates += max(0, len({j for js in cover.values() for j in js})
                         - len(set(paired.values())))
    for i, g in enumerate(golds):
        sc.gold += 1
        if i not in paired:
            sc.note("miss", f"{aid} MISS [{g['event_type']}] {g['sentence'][:110]!r}")
            continue
        sc.recalled += 1
        _score_pair(aid, g, preds[paired[i]], spans[i], sc)


def _precision(aid: str, preds, spans: list, sc: Score) -> dict[int, list[int]]:
    """Which predictions cover each gold sentence (by any evidence sentence); counts the
    precise ones, with and without evidence credit, and notes the false positives."""
    cover = {i: [j for j, p in enumerate(preds)
                 if sp and any(x.start < sp[1] and sp[0] < x.end for x in p.statements)]
             for i, sp in enumerate(spans)}
    own = {i: [j for j, p in enumerate(preds) if sp and p.start < sp[1] and sp[0] < p.end]
           for i, sp in enumerate(spans)}
    hit = {j for js in cover.values() for j in js}
    sc.precise += len(hit)
    sc.precise_own += len({j for js in own.values() for j in js})
    sc.recalled_own += sum(bool(js) for js in own.values())
    for j, p in enumerate(preds):
        if j not in hit:
            sc.unanchored += _unanchored(p)
            sc.note("fp", f"{aid} FP [{p.event_type}/{p.trigger}] {p.sentence[:110]!r}")
    return cover


def _pairs(cover: dict, golds: list[dict], preds, spans: list) -> dict[int, int]:
    """One-to-one pairing of gold and predicted events, best agreement first; a gold event
    left over takes any prediction covering it."""
    pairs = []
    for i, js in cover.items():
        for j in js:
            g, p = golds[i], preds[j]
            agree = (2 * (g["date"] is not None and date_ok(p, g))
                     + (p.event_type == g["event_type"]) + _ratio((p.start, p.end), spans[i]))
            pairs.append((-agree, i, j))
    pairs.sort()
    paired, used = {}, set()
    for _, i, j in pairs:
        if i not in paired and j not in used:
            paired[i] = j
            used.add(j)
    for _, i, j in pairs:
        if i not in paired:
            paired[i] = j
    return paired


def _score_pair(aid: str, g: dict, p, span, sc: Score) -> None:
    """Type, date (or null date), place and actors of a predicted event against its gold."""
    sc.types[1] += 1
    sc.types[0] += p.event_type == g["event_type"]
    if p.event_type != g["event_type"]:
        sc.note("type", f"{aid} TYPE {p.event_type}/{p.trigger} want {g['event_type']}: "
                        f"{g['sentence'][:70]!r}")
    if g["date"] is not None:
        ok = date_ok(p, g)
        sc.dates[1] += 1
        sc.dates[0] += ok
        bucket = sc.rel_dates if _pattern("relative_cue").search(g["sentence"]) \
            else sc.exp_dates
        bucket[1] += 1
        bucket[0] += ok
        if not ok:
            got = (p.date.value, p.date.precision, p.date.basis, p.date.text) if p.date else None
            sc.note("date", f"{aid} DATE got {got} want {g['date']}: {g['sentence'][:70]!r}")
    else:
        sc.null_dates[1] += 1
        sc.null_dates[0] += null_date_ok(p, g, span)
    if g["place_resolved"]:
        ok = place_ok(p.location, g["place_resolved"])
        sc.places[1] += 1
        sc.places[0] += ok
        if not ok:
            got = (p.location.text, p.location.name, p.location.lat, p.location.lon) \
                if p.location else None
            sc.note("place", f"{aid} PLACE got {got} want {g['places']}: "
                             f"{g['sentence'][:60]!r}")
    if g["actors"]:
        ok = actor_ok(p.actors, g["actors"])
        sc.actors[1] += 1
        sc.actors[0] += ok
        if not ok:
            sc.note("actor", f"{aid} ACTOR got {[a.text for a in p.actors]} "
                             f"want {g['actors']}: {g['sentence'][:60]!r}")


def _stop_ok(pred, gold: dict) -> bool:
    return place_ok(pred, [gold])


def route_found(gold: dict, routes) -> bool:
    for r in routes:
        k = 0
        for s in r.stops:
            if k < len(gold["stops"]) and _stop_ok(s, gold["stops"][k]):
                k += 1
        if k == len(gold["stops"]):
            return True
    return False


def _pct(c: list) -> str:
    return f"{c[0] / c[1]:.3f} ({c[0]}/{c[1]})" if c[1] else "n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m timeline bench events",
                                 description="Score events, dates, places, actors, routes.")
    ap.add_argument("--gold", required=True, type=Path, help="folder with articles/, gold.jsonl")
    ap.add_argument("--only", default="", help="comma-separated article numbers")
    ap.add_argument("--show", default="miss,fp,date,place,actor,route",
                    help="which notes to print (miss,fp,date,place,actor,type,route,gold)")
    ap.add_argument("--no-ner", action="store_true", help="rules only (no spaCy)")
    args = ap.parse_args(argv)

    from timeline.config import DEFAULT
    from timeline.pipeline import process

    settings = DEFAULT.with_(use_ner=not args.no_ner)
    folder = args.gold
    if not (folder / "gold.jsonl").exists():
        print(f"no gold.jsonl in {folder}", file=sys.stderr)
        return 2
    articles = _read_articles(folder)
    gold = _read_jsonl(folder / "gold.jsonl")
    route_gold = _read_jsonl(folder / "route_gold.jsonl")
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    sc = Score()
    docs = {}
    for aid, art in articles.items():
        if only and aid not in only:
            continue
        if not any(g["article"] == aid for g in gold):
            continue  # an article of the folder without gold annotation is not scored
        doc = process(art, settings)
        docs[aid] = doc
        score_article(aid, doc, [g for g in gold if g["article"] == aid], sc)
    assembled = []
    try:
        from geo.routes import assemble_routes

        assembled = assemble_routes([r for d in docs.values() for r in d.routes],
                                    [e for d in docs.values() for e in d.events])
    except Exception as exc:  # a bench reports, it does not crash on one stage
        sc.note("route", f"assemble_routes failed: {exc!r}")
    for rg in route_gold:
        if rg["article"] not in docs:
            continue
        sc.routes[1] += 1
        ok = route_found(rg, docs[rg["article"]].routes + assembled)
        sc.routes[0] += ok
        if not ok:
            got = [[s.text for s in r.stops] for r in docs[rg["article"]].routes]
            sc.note("route", f"{rg['article']} ROUTE want {[s['text'] for s in rg['stops']]} "
                             f"got {got}")
    show = set(args.show.split(","))
    for kind, msg in sc.notes:
        if kind in show:
            print(msg)
    print()
    print(f"articles     {len(docs)}   gold events {sc.gold}   predicted {sc.preds}")
    print(f"recall       {_pct([sc.recalled, sc.gold])}")
    print(f"precision    {_pct([sc.precise, sc.preds])}   duplicates {sc.duplicates}")
    print(f"own sentence recall {_pct([sc.recalled_own, sc.gold])}   "
          f"precision {_pct([sc.precise_own, sc.preds])}   (without evidence credit)")
    print(f"precision without the {sc.unanchored} unmatched fallback-date, placeless predictions "
          f"(news-wide README) {_pct([sc.precise, sc.preds - sc.unanchored])}")
    print(f"date acc     {_pct(sc.dates)}   explicit {_pct(sc.exp_dates)}   "
          f"relative {_pct(sc.rel_dates)}")
    print(f"null-date agreement {_pct(sc.null_dates)}")
    print(f"place acc    {_pct(sc.places)}")
    print(f"actor acc    {_pct(sc.actors)}")
    print(f"type acc     {_pct(sc.types)}")
    print(f"routes       {_pct(sc.routes)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
