"""The Corpus tab and the startup corpus: bringing the ``--corpus`` articles (read from the
command line) or the bundled seeds into the store on a server's first run, uploading files or
pasting an article (with the extraction's progress), and the corpus a page at a time (remove an
article, set a missing publication date). Article text is only shown as text."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import streamlit as st

from timeline import nlp
from timeline.config import DEFAULT
from timeline.corpus import add_to_store
from timeline.dashboard.data import Data
from timeline.dashboard.loaders import bump, shared_state
from timeline.ingest import SUFFIXES, IngestError, from_text, read_bytes, read_paths
from timeline.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"   # the repository's bundled articles
CORPUS_PAGE = 20      # articles listed per page in the Corpus tab


def corpus_arg(argv: list[str]) -> list[str] | None:
    """The paths after ``--corpus`` (``streamlit run app.py -- --corpus A B``), or None."""
    if "--corpus" not in argv:
        return None
    paths = []
    for arg in argv[argv.index("--corpus") + 1:]:
        if arg.startswith("--"):
            break
        paths.append(arg)
    return paths


@st.cache_resource(show_spinner=False)
def model_loader() -> threading.Thread:
    """Load the language model once per process, in the background, from the first page
    view on: the page and the extraction's progress show while it loads."""
    thread = threading.Thread(target=nlp.model, name="load-spacy-model", daemon=True)
    thread.start()
    return thread


def show_problems(problems) -> None:
    """What the readers could not take as given: a record left out is a warning, a record
    read with a note (a relative publication date refused) is information."""
    for p in problems:
        if p.skipped:
            st.warning(f"Skipped {p.source}: {p.message}")
        else:
            st.info(f"{p.source}: {p.message}")


def extract_into(store: Store, articles, label: str) -> None:
    """Run the extraction with a progress bar (one step per article); the first step waits
    for the language model, and says so."""
    if not articles:
        return
    with st.status(f"{label}: extracting {len(articles)} article(s)…", expanded=True) as status:
        bar = st.progress(0.0, text="Loading the language model…")
        loader = model_loader()
        started = time.monotonic()
        while loader.is_alive():
            loader.join(0.5)
            bar.progress(0.0, text=f"Loading the language model… "
                                   f"{time.monotonic() - started:.0f} s")

        def progress(done, total, article):
            bar.progress(done / total, text=f"{done}/{total}: {article.title[:80]}")

        add_to_store(articles, store, DEFAULT, progress=progress)
        status.update(label=f"{label}: {len(articles)} article(s) extracted", state="complete",
                      expanded=False)


def ensure_corpus(store: Store, data_dir: str, paths: list[str] | None) -> None:
    """On a server's first run, bring the startup corpus into the store: the ``--corpus``
    articles the store lacks, or the bundled seeds when the store has no article at all (so
    removing a seed article sticks)."""
    state = shared_state(data_dir)
    key = tuple(paths or ())
    if key in state["loaded"]:
        return
    with state["lock"]:
        if key in state["loaded"]:
            return
        if paths is None and store.article_count():
            state["loaded"].add(key)
            return
        try:
            articles, problems = read_paths(paths or [SEEDS])
        except FileNotFoundError as exc:
            st.error(str(exc))
            articles, problems = [], []
        show_problems(problems)
        todo = [a for a in articles if not store.has_article(a.article_id)]
        extract_into(store, todo, "Corpus")
        state["loaded"].add(key)
        if todo:
            bump(data_dir)


def added_message(data: Data) -> None:
    """After a paste or an upload (and its rerun): what it added, read from the store."""
    ids = st.session_state.pop("just_added", None)
    if not ids:
        return
    n = sum(data.event_count(a) for a in ids)
    first = data.article(ids[0]) if len(ids) == 1 else None
    what = f"“{first.title or 'untitled'}”" if first else f"{len(ids)} articles"
    st.success(f"{n} event(s) added from {what}.", icon="✅")


def corpus_tab(store: Store, data: Data, data_dir: str) -> None:
    added_message(data)
    add_articles(store, data_dir)
    article_list(store, data, data_dir)


def add_articles(store: Store, data_dir: str) -> None:
    """Upload files (left) or paste one article (right)."""
    left, right = st.columns(2)
    with left:
        st.subheader("Upload articles")
        n = st.session_state.setdefault("upload_round", 0)
        files = st.file_uploader("Files (" + ", ".join(sorted(SUFFIXES)) + ")",
                                 type=[s.lstrip(".") for s in sorted(SUFFIXES)],
                                 accept_multiple_files=True, key=f"upload_{n}",
                                 max_upload_size=max(1, DEFAULT.max_file_bytes // 2**20))
        if files and st.button("Extract uploaded files", type="primary"):
            articles, problems = [], []
            for f in files:
                try:
                    articles += read_bytes(f.name, f.getvalue(), DEFAULT, problems=problems)
                except IngestError as exc:
                    st.error(str(exc))
            show_problems(problems)    # one bad record of a file: named, the others read
            new = [a for a in articles if not store.has_article(a.article_id)]
            if len(new) < len(articles):
                st.info(f"{len(articles) - len(new)} article(s) already in the corpus")
            extract_into(store, new, "Upload")
            st.session_state.just_added = [a.article_id for a in new]
            st.session_state.upload_round = n + 1
            bump(data_dir)
            st.rerun()
    with right:
        st.subheader("Paste an article")
        with st.form("paste", clear_on_submit=True):
            text = st.text_area("Article text", height=160)
            c1, c2 = st.columns(2)
            title = c1.text_input("Title")
            source = c2.text_input("Source (name or URL)")
            published = st.date_input("Publication date", value=None,
                                      help="The anchor for 'yesterday', 'last week'…")
            if st.form_submit_button("Add article", type="primary"):
                try:
                    article = from_text(text, title=title, source=source,
                                        url=source if source.startswith("http") else "",
                                        published=published)
                except IngestError as exc:
                    st.error(str(exc))
                else:
                    if store.has_article(article.article_id):
                        st.info("That article is already in the corpus.")
                    else:
                        extract_into(store, [article], "Paste")
                        st.session_state.just_added = [article.article_id]
                        bump(data_dir)
                        st.rerun()


def article_list(store: Store, data: Data, data_dir: str) -> None:
    """The corpus, a page at a time: remove an article, set a missing publication date."""
    st.subheader(f"Corpus: {data.n_articles} article(s)")
    words, offset = [], 0
    if data.n_articles > CORPUS_PAGE:
        # Hundreds of articles with their texts would be re-sent on every rerun of the page.
        c1, c2 = st.columns([3, 1])
        find = c1.text_input("Find an article", key="corpus_find",
                             placeholder="words in the title or source")
        words = find.lower().split()
        found, _ = data.articles_page(words, 0, 0)
        pages = max(1, -(-found // CORPUS_PAGE))
        page = c2.number_input(f"Page (of {pages})", 1, pages, 1, key="corpus_page")
        offset = (page - 1) * CORPUS_PAGE
    _, articles = data.articles_page(words, offset, CORPUS_PAGE)
    for a in articles:
        with st.container(border=True):
            c1, c2 = st.columns([5, 1])
            c1.text(f"{a.title or '(untitled)'}\n{a.source}  ·  "
                    f"{a.published.isoformat() if a.published else 'no publication date'}  ·  "
                    f"{data.event_count(a.article_id)} events")
            if c2.button("Remove", key=f"rm_{a.article_id}"):
                store.remove_article(a.article_id)
                bump(data_dir)
                st.rerun()
            if a.published is None:
                st.warning("No publication date: relative dates ('on Monday', 'last week') "
                           "stay unresolved. Set one:")
                d1, d2 = st.columns([3, 1])
                when = d1.date_input("Published on", value=None, key=f"pub_{a.article_id}")
                if d2.button("Set and re-extract", key=f"setpub_{a.article_id}",
                             disabled=when is None):
                    store.set_published(a.article_id, when)
                    extract_into(store, [store.article(a.article_id)], "Re-extract")
                    bump(data_dir)
                    st.rerun()
            with st.expander("Text"):
                st.text(a.text[:5000])
