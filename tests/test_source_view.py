"""The source viewer and the corroboration list: escaped, the sentence marked, safe links."""
from __future__ import annotations

from datetime import date

from timeline import source_view as sv
from timeline.model import Article, Event

TEXT = ("KHARTOUM (Reuters) - Intro line.\n"
        "Fighters <b>attacked</b> El Geneina on Monday, killing 12. "
        "Aid groups said more was needed.")


def _pair():
    art = Article(text=TEXT, title="Sudan <fighting>", source="https://example.org/a?x=1&y=2",
                  url="https://example.org/a?x=1&y=2", published=date(2023, 6, 14))
    start = TEXT.index("Fighters")
    end = TEXT.index("12.") + 3
    ev = Event(article_id=art.article_id, sentence=TEXT[start:end], start=start, end=end,
               event_type="attack", source=art.source, published=art.published)
    return art, ev


def test_sentence_is_marked_in_its_article_and_escaped():
    art, ev = _pair()
    out = sv.source_html(art, ev)
    assert "<mark class='ea-sentence'>Fighters &lt;b&gt;attacked&lt;/b&gt; El Geneina" in out
    assert "<b>attacked</b>" not in out and "<fighting>" not in out
    assert 'href="https://example.org/a?x=1&amp;y=2"' in out and 'rel="noopener noreferrer"' in out
    assert "Aid groups said" in out and "Intro line" in out


def test_offsets_that_no_longer_hold_fall_back_to_finding_the_sentence():
    art, ev = _pair()
    ev.start, ev.end = 0, 5
    assert sv.sentence_span(art, ev) == (TEXT.index("Fighters"), TEXT.index("12.") + 3)


def test_only_web_urls_become_links():
    assert sv.link_html("javascript:alert(1)", "x") == "x"
    assert sv.link_html('https://a.org/"><script>', "t") == "t"
    assert sv.link_html("https://a.org/p", "<t>").startswith('<a href="https://a.org/p"')


def test_corroboration_lists_other_reports_escaped():
    art, ev = _pair()
    other = Event(article_id="b", sentence="Militia <i>stormed</i> the town", start=0, end=5,
                  source="b.txt", published=date(2023, 6, 13))
    ev.corroborated_by = [other.event_id, "gone"]
    others = sv.corroboration(ev, {other.event_id: other})
    assert others == [other]
    out = sv.corroboration_html(ev, others, {"b.txt": "Second report"})
    assert "Second report" in out and "2023-06-13" in out and "&lt;i&gt;stormed" in out
    assert "only" in sv.corroboration_html(ev, [], {})
