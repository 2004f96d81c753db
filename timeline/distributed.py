"""``extract --engine dask``: the same per-article ``process`` on a Dask cluster.

Articles are independent until the cross-article ``link`` step, so each one is a task;
results come back as they finish (progress), then ``link`` runs once, locally, exactly as
in the local engine: both engines give the same records.
"""
from __future__ import annotations

from typing import Optional

from .config import DEFAULT, Settings
from .corpus import Extraction, Progress, collect
from .model import Article, Doc
from .pipeline import process


def _process(article: Article, settings: Settings) -> Doc:
    doc = process(article, settings)
    doc.parsed = None        # the spaCy Doc stays on the worker: big, and not needed after
    return doc


def extract_dask(articles: list[Article], settings: Settings = DEFAULT,
                 scheduler: Optional[str] = None,
                 progress: Optional[Progress] = None) -> Extraction:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - dask is in requirements.txt
        raise SystemExit("--engine dask needs the 'dask' and 'distributed' packages") from exc

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # Loopback only, no web dashboard: nothing leaves this machine.
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        futures = client.map(_process, articles, settings=settings, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        docs: list[Optional[Doc]] = [None] * len(articles)
        for done, future in enumerate(as_completed(futures), 1):
            doc = future.result()
            docs[index[future.key]] = doc
            if progress:
                progress(done, len(articles), doc.article)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return collect(articles, docs, settings)
