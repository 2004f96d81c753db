"""The dashboard's sections, composed by ``app.py`` (``streamlit run app.py``): the cached
loaders and what the views read (``loaders``, ``data``), the sidebar's filters and the URL
(``sidebar``), the Atlas tab (``atlas``: map and side panel; ``timeline_chart``; ``table``;
``selection``; ``exports``) and the Corpus tab (``corpus_tab``). Views only: nothing below
them imports them."""
