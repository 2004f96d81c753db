"""``extract --engine dask``: the same per-article ``process`` on a Dask cluster.

Articles are independent until the cross-article link step, so each one is a task; docs
come back as they finish (progress) with their position in the input, and are linked
exactly as in the local engine (``corpus.extract_streaming`` saves them in input order):
both engines give the same records. Without ``scheduler`` a ``LocalCluster`` of ``workers``
processes runs on the loopback interface only, with no web dashboard.
"""
from __future__ import annotations

from typing import Iterator, Optional

from . import nlp
from .config import DEFAULT, Settings
from .corpus import Extraction, Progress, collect
from .model import Article, Doc
from .pipeline import process


def _process(article: Article, settings: Settings) -> Doc:
    """``process`` in a spaCy memory zone: a long-lived worker's vocabulary does not grow
    with the corpus (see ``pipeline._process_batch``)."""
    with nlp.zone(len(article.text)):
        doc = process(article, settings)
        doc.parsed = None    # the spaCy Doc stays on the worker; its words go with the zone
    return doc


def docs_dask(articles: list[Article], settings: Settings = DEFAULT,
              scheduler: Optional[str] = None, progress: Optional[Progress] = None,
              workers: int = 2) -> Iterator[tuple[int, Doc]]:
    """(input position, doc) for every article, in the order they finish."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - dask is in requirements.txt
        raise SystemExit("--engine dask needs the 'dask' and 'distributed' packages") from exc

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1",
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        futures = client.map(_process, articles, settings=settings, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for done, future in enumerate(as_completed(futures), 1):
            doc = future.result()
            if progress:
                progress(done, len(articles), doc.article)
            yield index[future.key], doc
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def extract_dask(articles: list[Article], settings: Settings = DEFAULT,
                 scheduler: Optional[str] = None, progress: Optional[Progress] = None,
                 workers: int = 2) -> Extraction:
    """The in-memory form (``corpus.extract``'s twin) for a handful of articles."""
    docs: list[Optional[Doc]] = [None] * len(articles)
    for i, doc in docs_dask(articles, settings, scheduler, progress, workers):
        docs[i] = doc
    return collect(articles, docs, settings)
