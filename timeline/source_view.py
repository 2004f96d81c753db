"""The source viewer: an event's sentence highlighted in its article, with a clickable link,
and the other reports of the same event (``corroborated_by``).

Article text is untrusted: every character of it passes through ``html.escape``, and a link
is only made of an ``http(s)`` URL (escaped, opened in a new tab without a referrer), so a
``javascript:`` source stays text.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Iterable, Mapping, Optional

from .model import Article, Event
from .resources import pattern

CONTEXT = 700          # characters of the article shown either side of the sentence
VIEW_PATTERNS = Path(__file__).parent / "data" / "view_patterns.toml"
_WEB = pattern(VIEW_PATTERNS, "web_url")


def sentence_span(article: Article, event: Event) -> Optional[tuple[int, int]]:
    """Where the event's sentence is in the article: its offsets when they hold, else the
    first place the sentence occurs (a re-extracted or corrected event), else None."""
    text = article.text
    if 0 <= event.start < event.end <= len(text) and \
            " ".join(text[event.start:event.end].split()) == " ".join(event.sentence.split()):
        return event.start, event.end
    at = text.find(event.sentence) if event.sentence else -1
    return (at, at + len(event.sentence)) if at >= 0 else None


def link_html(url: str, label: str) -> str:
    """A link for an http(s) URL; anything else is shown as text."""
    if url and _WEB.match(url.strip()):
        return (f"<a href=\"{html.escape(url.strip(), quote=True)}\" target=\"_blank\" "
                f"rel=\"noopener noreferrer\">{html.escape(label or url)}</a>")
    return html.escape(label or url or "")


def source_html(article: Article, event: Event, context: int = CONTEXT) -> str:
    """The article around the event's sentence, the sentence marked, all of it escaped."""
    title = article.title or article.source or "untitled"
    url = article.url or (article.source if _WEB.match(article.source or "") else "")
    head = (f"<div class='ea-source'><b>{link_html(url, title)}</b><br><small>"
            f"{html.escape(article.source or '')}"
            f"{' · published ' + article.published.isoformat() if article.published else ''}"
            f"</small>")
    span = sentence_span(article, event)
    text = article.text
    if span is None:
        body = f"<mark>{html.escape(event.sentence)}</mark>"
    else:
        a, b = span
        lo, hi = max(0, a - context), min(len(text), b + context)
        body = ("…" if lo else "") + html.escape(text[lo:a]) + \
            f"<mark class='ea-sentence'>{html.escape(text[a:b])}</mark>" + \
            html.escape(text[b:hi]) + ("…" if hi < len(text) else "")
    return (head + "<div style='white-space:pre-wrap;max-height:320px;overflow:auto;"
            "font-size:0.85em;border-left:3px solid #ccc;padding-left:8px;margin-top:4px'>"
            + body + "</div></div>")


def corroboration(event: Event, by_id: Mapping[str, Event]) -> list[Event]:
    """The other articles' reports of this event, in date-of-publication order (those still
    in the store)."""
    others = [by_id[i] for i in event.corroborated_by if i in by_id]
    return sorted(others, key=lambda e: (e.published is None, e.published or 0, e.source))


def corroboration_html(event: Event, others: Iterable[Event],
                       titles: Mapping[str, str]) -> str:
    """One line per other report: its source (by title), publication date and sentence."""
    rows = [f"<li><b>{html.escape(titles.get(o.source, o.source) or o.source)}</b>"
            f"{' · ' + o.published.isoformat() if o.published else ''}: "
            f"<q>{html.escape(o.sentence)}</q></li>" for o in others]
    if not rows:
        return "<small>Reported by this source only.</small>"
    return (f"<div class='ea-corroboration'><small>Also reported by {len(rows)} other "
            f"source(s):</small><ul style='margin:0;padding-left:18px'>"
            + "".join(rows) + "</ul></div>")
