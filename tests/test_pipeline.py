"""``process_many``'s batches and workers: every article once, in input order, and the work
spread so that no worker waits while another finishes a long tail."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from timeline import distributed, nlp
from timeline.config import DEFAULT
from timeline.ingest import read_paths
from timeline.model import Article
from timeline.pipeline import BATCH_CHARS, _batches, _in_order, process, process_many, warm

from .conftest import SEEDS


def _articles(sizes: list[int]) -> list[Article]:
    return [Article(text=f"{i} " + "x" * (n - len(f"{i} ")), source=f"a{i}")
            for i, n in enumerate(sizes)]


def _sizes(batches) -> list[list[int]]:
    return [[len(a.text) for _, a in b] for b in batches]


def test_batches_hold_every_article_once_within_the_limits():
    articles = _articles([500] * 40 + [30_000, 30_000, 120_000] + [800] * 100)
    for workers in (1, 2, 3):
        batches = list(_batches(iter(articles), 16, workers))
        assert sorted(pa[0] for b in batches for pa in b) == list(range(len(articles)))
        assert all(articles[i] is a for b in batches for i, a in b)
        assert all(len(b) <= 16 for b in batches)
        assert all(len(b) == 1 or sum(len(a.text) for _, a in b) <= BATCH_CHARS
                   for b in batches)
    one = list(_batches(iter(articles), 16, 1))
    assert [i for b in one for i, _ in b] == list(range(len(articles)))   # in input order
    assert [(42, articles[42])] in one          # a text longer than a batch goes alone


def test_with_workers_the_end_goes_longest_first_in_shrinking_batches():
    articles = _articles([2_000] * 200)
    one = [len(b) for b in _batches(iter(articles), 16, 1)]
    two = [len(b) for b in _batches(iter(articles), 16, 2)]
    assert set(one[:-1]) == {16}
    assert two[0] == 16 and two[-4:] == [1, 1, 1, 1]
    assert two == sorted(two, reverse=True)
    # a small corpus whose long articles come last: with workers, they start first
    small = _articles([1_800] * 40 + [21_000, 22_000])
    assert [b[0] for b in _sizes(_batches(iter(small), 16, 2))[:2]] == [22_000, 21_000]
    assert [i for b in _batches(iter(small), 16, 1) for i, _ in b] == list(range(42))


def test_a_slow_first_batch_does_not_hold_back_the_work_on_the_next():
    """Batch 0 finishes only once batch 3 has started: with delivery in order but work not
    blocked behind the head, the run ends (it would wait out the timeout otherwise)."""
    started = threading.Event()
    waited = []

    def run(batch):
        if batch == [0]:
            waited.append(started.wait(timeout=10))
        if batch == [3]:
            started.set()
        return batch

    with ThreadPoolExecutor(2) as pool:
        out = list(_in_order(lambda b: pool.submit(run, b), iter([[(i, i)] for i in range(6)]), 1))
    assert out == list(range(6)) and waited == [True]


def _records(doc) -> tuple:
    return (doc.article.article_id, [e.to_dict() for e in doc.events],
            [r.to_dict() for r in doc.routes], [p.to_dict() for p in doc.places])


def test_two_workers_give_the_docs_of_one_in_input_order():
    seeds, _ = read_paths([SEEDS])
    # sentences as short articles, and a long one among them: batches of uneven sizes,
    # the long one started first
    said = [s.strip() + "." for s in seeds[1].text.split(". ")[:12] if s.strip()]
    articles = [Article(text=s, source=f"s{i}", published=seeds[0].published)
                for i, s in enumerate(said)]
    articles.insert(5, seeds[0])
    one = [_records(d) for d in process_many(articles, workers=1)]
    two = [_records(d) for d in process_many(articles, workers=2)]
    assert two == one
    assert [r[0] for r in one] == [a.article_id for a in articles]
    assert any(r[1] for r in one[1:])           # the short ones have events too


def _new_words(i: int) -> str:
    """An article of words no model has seen, its own for each ``i``."""
    tag = "".join("bdfgklmnprstvz"[int(c)] for c in f"{i:03d}")
    return (f"Commander Varo {tag.title()}ovic said troops of the {tag.title()}ar Brigade "
            f"shelled Kel{tag}ovo on Monday, killing {i + 3} people near Ostra{tag}.")


def test_a_corpus_does_not_leave_its_words_in_the_models_vocabulary(monkeypatch):
    """Every article brings words the model has never seen (names, numbers): processed in a
    stream, the words of the process's first ``KEEP_CHARS`` characters stay (the common
    ones are looked up, not rebuilt) and the rest are freed batch by batch, so the model's
    vocabulary (and the memory of a long ``extract``) does not grow with the corpus; the
    records are those of ``process``."""
    model = nlp.model()
    if model is None:
        pytest.skip("spaCy model not installed")
    warm()
    articles = [Article(text=_new_words(i), source=f"n{i}", published=date(2024, 5, 6))
                for i in range(40)]
    monkeypatch.setattr(nlp, "_KEPT", [0])
    monkeypatch.setattr(nlp, "KEEP_CHARS", 1)       # only the first batch (16 articles) stays
    strings = len(model.vocab.strings)
    docs = list(process_many(articles, workers=1))
    kept = len(model.vocab.strings)
    assert kept > strings
    assert [_new_words(i).split()[-1][:-1] in model.vocab.strings for i in (0, 15, 16, 39)] \
        == [True, True, False, False]
    docs += [distributed._process(a, DEFAULT) for a in articles[-3:]]
    assert list(process_many(articles[16:], workers=1))
    assert len(model.vocab.strings) == kept
    assert all(d.parsed is None for d in docs)
    assert any(d.events for d in docs) and any(d.entities for d in docs)
    alone = [process(a) for a in articles]      # outside a zone: the words stay
    assert [_records(d) for d in docs] == [_records(d) for d in alone + alone[-3:]]
    assert len(model.vocab.strings) > kept
