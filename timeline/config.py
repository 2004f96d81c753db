"""One settings object passed down through every stage (as dateparser does), not flags."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, Optional


def home() -> Path:
    """Where the app keeps its data: ``$EVENT_ATLAS_HOME`` or a per-user data folder."""
    env = os.environ.get("EVENT_ATLAS_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("event-atlas", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Settings:
    # Dates
    date_order: Literal["MDY", "DMY", "YMD"] = "MDY"   # numeric dates like 05/10/2020
    # Places
    geocoder: str = "gazetteer"          # or "nominatim", "photon": opt-in online backends
    geocoder_options: dict = field(default_factory=dict, hash=False, compare=False)
    use_ner: bool = True                 # spaCy NER as a recognition signal when installed
    place_demonyms: bool = False         # "Syrian forces" as a place of Syria (corpus convention)
    place_country_parts: bool = True     # "western Libya" at a point in western Libya (the
                                         # geoparsing corpora give the country's own point)
    # Ingest limits: bigger input is refused with a clear error, not truncated silently
    max_file_bytes: int = 20 * 1024 * 1024
    max_article_chars: int = 2_000_000
    # Events
    min_confidence: float = 0.0
    home: Optional[Path] = None          # None: config.home()

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @property
    def data_dir(self) -> Path:
        if self.home is not None:
            self.home.mkdir(parents=True, exist_ok=True)
            return self.home
        return home()


DEFAULT = Settings()
