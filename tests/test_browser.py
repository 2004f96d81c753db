"""End to end in a real browser: ``streamlit run app.py`` driven by Playwright on Debian's
Chromium, offline with the default settings (no tiles unless switched on, no CDN: Leaflet
comes inline from the XStatic packages).

Skipped when ``/usr/bin/chromium`` is missing, unless ``CI`` is set: then it fails loudly.
``EVENT_ATLAS_SCREENSHOT=docs/screenshot.png`` makes ``test_screenshot`` (re)take the README
picture; without it that test is skipped so a test run never rewrites a committed file.
"""
from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
COUNT = re.compile(r"(\d+) of (\d+) events")
CONTRACT_COLUMNS = ["event_id", "event_date", "date_precision", "date_basis", "event_type",
                    "actors", "location", "country", "latitude", "longitude", "geo_precision",
                    "places", "source", "published", "sentence", "confidence"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing on CI: apt-get install chromium")
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run app.py`` on a free local port with its own data folder."""

    def __init__(self, home: Path, corpus: list[Path] | None = None):
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}/"
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.port", str(self.port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
        if corpus:
            cmd += ["--", "--corpus", *map(str, corpus)]
        env = {k: v for k, v in os.environ.items() if k != "EVENT_ATLAS_TILES"}
        env["EVENT_ATLAS_HOME"] = str(home)
        self.log = open(home / "server.log", "w")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("streamlit exited:\n" + (home / "server.log").read_text())
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health",
                                            timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in 60 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def fresh_home(path: Path, session_home: Path) -> Path:
    """An empty store of its own, sharing the session's compiled caches (gazetteer index)."""
    try:
        from geo.gazetteer import load_index

        load_index()
    except Exception:                   # the gazetteer is someone else's work in progress
        pass
    for p in session_home.iterdir():
        if not p.name.startswith("atlas.sqlite") and not (path / p.name).exists():
            (path / p.name).symlink_to(p)
    return path


@pytest.fixture(scope="module")
def seeds_server(tmp_path_factory, atlas_home):
    """The app on the seeds, with at least one route in the store (extraction of routes is
    improving under other hands; the map's drawing of a route is what is tested here)."""
    home = fresh_home(tmp_path_factory.mktemp("browser-home"), atlas_home)
    _prepare_seeds(home)
    server = Server(home)
    yield server
    server.stop()


def _prepare_seeds(home: Path) -> None:
    old = os.environ.get("EVENT_ATLAS_HOME")
    os.environ["EVENT_ATLAS_HOME"] = str(home)
    try:
        _extract_seeds(home)
    finally:
        if old is None:
            del os.environ["EVENT_ATLAS_HOME"]
        else:
            os.environ["EVENT_ATLAS_HOME"] = old


def _extract_seeds(home: Path) -> None:
    from timeline.corpus import add_to_store
    from timeline.ingest import read_paths
    from timeline.model import PlaceMention, Route
    from timeline.store import Store

    store = Store(home / "atlas.sqlite")
    articles, _ = read_paths([ROOT / "seeds"])
    add_to_store(articles, store)
    if not store.routes():
        stops = [PlaceMention(-1, -1, n, name=n, lat=lat, lon=lon, country=c, feature="city")
                 for n, lat, lon, c in [("Gaziantep", 37.07, 37.38, "TR"),
                                        ("Istanbul", 41.01, 28.95, "TR"),
                                        ("Baku", 40.41, 49.87, "AZ")]]
        store.save_links(store.events(corrected=False),
                         [Route(article_id=None, stops=stops, sentence="test route")])
    store.close()


_SETTLED_JS = ("q => { const a = document.querySelector('[data-testid=stApp]');"
               " const now = performance.now();"
               " if (!a || a.getAttribute('data-test-script-state') !== 'notRunning'"
               "     || document.querySelectorAll(\"iframe[title='streamlit_folium.st_folium']\")"
               "        .length > 1) { window.__eaBusy = now; return false; }"
               " if (window.__eaBusy === undefined) window.__eaBusy = now;"
               " return now - window.__eaBusy >= q; }")


def _settle(page, quiet_ms: int = 1200) -> None:
    """Wait until the app's script has been idle for ``quiet_ms``: a Streamlit rerun (the one
    st_folium's first value causes, or a click's) replaces iframes, and a test acting on the
    old one races it. Streamlit marks its root with the script's run state."""
    page.wait_for_function(_SETTLED_JS, arg=quiet_ms, polling=100, timeout=60_000)


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1500, "height": 1800}, accept_downloads=True)
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text(COUNT).first.wait_for(timeout=90_000)
    _settle(page)
    return page


def _select(page, pick, tries: int = 3) -> None:
    """Click the marker ``pick(fmap)`` returns until the detail pane shows an event. A rerun
    that replaces the map between finding the marker and clicking it loses the click; each
    try finds the marker again on the settled page, and three lost clicks fail the test."""
    for attempt in range(tries):
        _settle(page)
        try:
            pick(_map(page))
            page.get_by_role("button", name="Clear selection").wait_for(timeout=15_000)
            return
        except sync_api.TimeoutError:
            if attempt == tries - 1:
                raise


def _count(page) -> tuple[int, int]:
    m = COUNT.search(page.get_by_text(COUNT).first.inner_text())
    return int(m[1]), int(m[2])


def _drawn(fmap) -> int:
    """Event markers drawn on the map: single markers plus the counts of clusters."""
    return fmap.locator("body").evaluate(
        "() => { let n = document.querySelectorAll('.ea-event').length;"
        " document.querySelectorAll('.marker-cluster span').forEach(s => n += +s.textContent);"
        " return n; }")


_DRAWN_JS = ("n => [...document.querySelectorAll(\"iframe[title='streamlit_folium.st_folium']\")]"
             ".some(f => { const d = f.contentDocument; if (!d) return false;"
             " let c = d.querySelectorAll('.ea-event').length;"
             " d.querySelectorAll('.marker-cluster span').forEach(s => c += +s.textContent);"
             " return c === n; })")


def _wait_drawn(page, n: int) -> None:
    """Wait until the map draws ``n`` events (markers plus cluster counts), once the
    clusters' opening animation has settled."""
    page.wait_for_function(_DRAWN_JS, arg=n, timeout=30_000)


def _first_marker(fmap):
    """A single event marker, fanning out a cluster first when every marker is in one."""
    markers = fmap.locator(".ea-event")
    if not markers.count():
        fmap.locator(".marker-cluster").first.click()
        markers.first.wait_for(timeout=10_000)
    return markers.first


def _on_map(page) -> int:
    return int(re.search(r"(\d+) on the map", page.get_by_text("on the map").first.inner_text())[1])


def _map(page):
    """The map's frame, once a rerun's replacement (if any) has taken the old one's place."""
    _settle(page)
    iframes = page.locator("iframe[title='streamlit_folium.st_folium']")
    page.wait_for_function(
        "() => document.querySelectorAll(\"iframe[title='streamlit_folium.st_folium']\")"
        ".length === 1", timeout=30_000)
    frame = iframes.first.content_frame
    frame.locator(".leaflet-container").wait_for(timeout=30_000)
    return frame


def test_dashboard_shows_markers_route_timeline(browser, seeds_server):
    page = _open(browser, seeds_server.url)
    shown, total = _count(page)
    assert shown == total > 0
    located = _on_map(page)
    assert located > 0
    fmap = _map(page)
    # Every located event is one vector marker (few events: no clustering).
    fmap.locator(".ea-event, .marker-cluster").first.wait_for(timeout=20_000)
    _wait_drawn(page, located)
    # A route line, its direction arrows and numbered stops; the legend and layer control.
    assert fmap.locator("path.ea-route").count() >= 1
    assert fmap.locator(".ea-arrow").count() >= 1
    assert fmap.locator(".ea-stop").first.inner_text().strip() == "1"
    assert "Event type" in fmap.locator(".ea-legend").inner_text()
    assert fmap.locator(".leaflet-control-layers").count() == 1
    # Offline, the base map is the country outlines: land drawn under the markers.
    assert fmap.locator(".leaflet-eaCountries-pane path").count() > 170    # one per country
    # The timeline is drawn.
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=20_000)
    box = chart.locator("canvas, svg").first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 80
    page.close()


def test_filter_changes_count_and_marker_click_selects(browser, seeds_server):
    page = _open(browser, seeds_server.url)
    shown, total = _count(page)
    box = page.get_by_label("Search text")
    box.fill("Kazem")
    box.press("Enter")
    page.wait_for_function(
        "t => !document.body.innerText.includes(t)", arg=f"{shown} of {total} events",
        timeout=20_000)
    narrowed, total2 = _count(page)
    assert total2 == total and 0 < narrowed < total
    # The map follows the filter.
    fmap = _map(page)
    _wait_drawn(page, _on_map(page))
    # Clicking a marker selects its event: the detail pane shows it.
    _select(page, lambda fmap: _first_marker(fmap).dispatch_event("click"))
    assert "Kazem" in page.locator('[data-testid="stText"]').all_inner_texts().__str__()
    page.close()


def test_csv_download_is_the_filtered_view(browser, seeds_server):
    page = _open(browser, seeds_server.url)
    shown, _ = _count(page)
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_role("button", name="CSV", exact=True).click()
    text = Path(dl.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert len(rows) - 1 == shown
    assert not any(cell.startswith(("=", "+", "@")) for row in rows[1:] for cell in row)
    page.close()


def test_correction_in_table_persists_across_reload(browser, seeds_server):
    page = _open(browser, seeds_server.url)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    cells = grid.locator("[role=gridcell]")
    cells.first.wait_for(state="attached", timeout=20_000)
    before = cells.all_inner_texts()[:12]
    new_type = "casualties" if before[3] != "casualties" else "meeting"
    option = page.get_by_role("option", name=new_type)
    for attempt in range(3):          # a busy machine can drop the first click on the grid
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # first row, first column
        for _ in range(3):                                    # → the Type column
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        try:
            option.wait_for(state="visible", timeout=10_000)
            break
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    option.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]')]"
        ".some(c => c.innerText.includes('edited'))", timeout=20_000)
    page.close()

    page = _open(browser, seeds_server.url)                   # a fresh page: a reload
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    grid.locator("[role=gridcell]").first.wait_for(state="attached", timeout=20_000)
    after = grid.locator("[role=gridcell]").all_inner_texts()
    row = after.index("✏️ edited")
    assert after[row + 1] == before[2]             # same event (date unchanged)
    assert after[row + 2] == new_type              # the corrected type is still there
    page.close()


XSS = ("Title: Hostile article\nPublished: 2020-10-04\n\n"
       "Militants attacked the village near Aleppo on 3 October 2020 "
       "<script>window.__pwned=1</script> and witnesses said "
       "<img src=x onerror=\"window.__pwned=1\"> the shelling of Damascus continued.\n")


def test_script_payload_is_text_and_runs_nothing(browser, tmp_path_factory, atlas_home):
    home = fresh_home(tmp_path_factory.mktemp("xss-home"), atlas_home)
    corpus = tmp_path_factory.mktemp("xss-corpus")
    (corpus / "hostile.txt").write_text(XSS, encoding="utf-8")
    server = Server(home, corpus=[corpus])
    try:
        page = _open(browser, server.url)
        fmap = _map(page)
        _first_marker(fmap)
        markers = fmap.locator(".ea-event")
        for i in range(markers.count()):          # open every popup
            markers.nth(i).dispatch_event("click")
            page.wait_for_timeout(300)
        _map(page)                                # the reruns those clicks caused have settled
        page.wait_for_timeout(1000)
        _assert_nothing_ran(page)                 # the map's frame goes with the Atlas tab
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stTab]')]"
            ".filter(t => t.innerText.trim() === 'Corpus').length === 1", timeout=30_000)
        page.get_by_role("tab", name="Corpus").click()
        page.locator('[data-testid="stExpander"] summary').filter(has_text="Text").first.click()
        shown_as_text = page.locator('[data-testid="stText"]').filter(
            has_text='<script>window.__pwned=1</script>').filter(visible=True)
        shown_as_text.first.wait_for(timeout=10_000)
        assert 'onerror="window.__pwned=1"' in shown_as_text.first.inner_text()
        page.wait_for_timeout(1000)
        _assert_nothing_ran(page)
        page.close()
    finally:
        server.stop()


def _assert_nothing_ran(page) -> None:
    """No frame ran the payload. A frame a rerun detaches mid-check is checked again in its
    replacement (the page's frames are listed afresh on each try)."""
    for attempt in range(3):
        _settle(page)
        try:
            for frame in page.frames:
                if frame.is_detached():
                    continue
                assert frame.evaluate("() => window.__pwned") is None, frame.url
                assert frame.locator("img[src='x']").count() == 0, frame.url
            return
        except sync_api.Error as e:
            if "detached" not in str(e) or attempt == 2:
                raise


def _chart(page):
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=20_000)
    chart.locator("canvas, svg").first.wait_for(timeout=20_000)
    return chart


def test_brushing_the_timeline_narrows_count_and_markers(browser, seeds_server):
    page = _open(browser, seeds_server.url)
    shown, total = _count(page)
    before = _on_map(page)
    plot = _chart(page).locator("canvas, svg").first
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    # Drag along the x axis over the left part of the plot (lane labels sit at its left).
    y = box["y"] + 30
    page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, y, steps=8)
    page.mouse.move(box["x"] + box["width"] * 0.55, y, steps=8)
    page.mouse.up()
    page.get_by_text(re.compile(r"events · brushed \d{4}-\d{2}-\d{2}")).first.wait_for(
        timeout=30_000)
    brushed, total2 = _count(page)
    assert total2 == total and 0 < brushed < total
    # The map follows: fewer markers, one per located event still shown.
    after = _on_map(page)
    assert after < before
    fmap = _map(page)
    _wait_drawn(page, after)
    page.close()


def test_map_playback_steps_through_dates_in_the_browser(browser, seeds_server):
    page = _open(browser, seeds_server.url)
    located = _on_map(page)
    fmap = _map(page)
    fmap.locator(".ea-event, .marker-cluster").first.wait_for(timeout=20_000)
    fmap.locator(".ea-play").click()
    # While playing: a date in the control and only the events up to it on the map.
    label = fmap.locator(".ea-play-date")
    fmap.locator(".ea-playing").wait_for(timeout=10_000)
    text = label.inner_text()
    m = re.match(r"up to (\d{4}-\d{2}-\d{2}) \((\d+) of (\d+)\)", text)
    assert m, text
    assert _drawn(fmap) < located
    # It ends by itself with every marker back.
    label.filter(has_text="done").wait_for(timeout=60_000)
    _wait_drawn(page, located)
    page.close()


UPLOADS = {
    "kandahar.txt": "Title: Kandahar report\nPublished: 2021-03-02\n\n"
                    "Troops were deployed to Kandahar on 1 March 2021, officials said.\n",
    "mosul.json": '{"title": "Mosul report", "published": "2021-03-04", '
                  '"text": "Militants attacked a checkpoint in Mosul on 3 March 2021."}',
}


def test_upload_several_files_adds_their_events(browser, tmp_path_factory, atlas_home):
    home = fresh_home(tmp_path_factory.mktemp("upload-home"), atlas_home)
    corpus = tmp_path_factory.mktemp("upload-corpus")
    (corpus / "a.txt").write_text("Title: Report A\nPublished: 2020-10-04\n\n"
                                  "Shelling hit Aleppo on 3 October 2020.\n", encoding="utf-8")
    files = tmp_path_factory.mktemp("uploads")
    for name, text in UPLOADS.items():
        (files / name).write_text(text, encoding="utf-8")
    server = Server(home, corpus=[corpus])
    try:
        page = _open(browser, server.url)
        _, total = _count(page)
        page.get_by_role("tab", name="Corpus").click()
        page.locator("input[type=file]").set_input_files(
            [str(files / n) for n in UPLOADS])
        page.get_by_text("mosul.json").first.wait_for(timeout=20_000)
        page.get_by_role("button", name="Extract uploaded files").click()
        page.get_by_text("Corpus: 3 article(s)").wait_for(timeout=90_000)
        for title in ("Kandahar report", "Mosul report"):
            page.get_by_text(title).first.wait_for(timeout=10_000)
        page.get_by_role("tab", name="Atlas").click()
        page.wait_for_function(
            "t => { const m = document.body.innerText.match(/(\\d+) of (\\d+) events/);"
            " return m && +m[2] >= t; }", arg=total + 2, timeout=30_000)
        box = page.get_by_label("Search text")
        for word in ("Kandahar", "Mosul"):
            box.fill(word)
            box.press("Enter")
            # The count narrows to the new article's events and the table lists them.
            page.wait_for_function(
                "() => { const m = document.body.innerText.match(/(\\d+) of (\\d+) events/);"
                " return m && +m[1] > 0 && +m[1] < +m[2]; }", timeout=30_000)
            page.wait_for_function(
                "w => [...document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]')]"
                ".some(c => c.innerText.includes(w))", arg=word, timeout=30_000)
        page.close()
    finally:
        server.stop()


def test_screenshot(browser, seeds_server):
    target = os.environ.get("EVENT_ATLAS_SCREENSHOT")
    if not target:
        pytest.skip("set EVENT_ATLAS_SCREENSHOT=docs/screenshot.png to take the README image")
    page = _open(browser, seeds_server.url)
    _map(page).locator(".ea-event, .marker-cluster").first.wait_for(timeout=20_000)
    page.wait_for_timeout(2500)
    page.screenshot(path=str(ROOT / target), full_page=True)
    page.close()


# --------------------------------------------------------------------------- issue 16

def _wait_count(page, shown: int, total: int) -> None:
    page.wait_for_function(
        "a => { const m = document.body.innerText.match(/(\\d+) of (\\d+) events/);"
        " return m && +m[1] === a[0] && +m[2] === a[1]; }", arg=[shown, total], timeout=30_000)


def test_default_map_is_offline_and_the_tiles_choice_survives_a_reload(browser, seeds_server):
    """16.1: by default (no tiles, no network) the outlines are drawn; switched on, tiles lie
    over the outlines, which stay; the switch is in the URL, so a reload keeps it."""
    page = _open(browser, seeds_server.url)
    fmap = _map(page)
    assert fmap.locator(".leaflet-eaCountries-pane path").count() > 170
    assert fmap.locator(".leaflet-tile-pane img").count() == 0
    page.get_by_text("Base map tiles (needs internet)").click()
    page.wait_for_function("() => location.search.includes('tiles=1')", timeout=20_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"iframe[title='streamlit_folium.st_folium']\")]"
        ".some(f => f.contentDocument && f.contentDocument.querySelector('.leaflet-tile-pane img'))",
        timeout=30_000)
    fmap = _map(page)
    assert fmap.locator(".leaflet-eaCountries-pane path").count() > 170   # still under tiles
    url = page.url
    page.close()
    page = _open(browser, url)                                  # a reload of that view
    assert page.get_by_role("switch", name="Base map tiles (needs internet)").is_checked()
    page.close()


def _overlay_names(fmap) -> str:
    return fmap.locator(".leaflet-control-layers-overlays").inner_text()


def test_routes_follow_the_filters(browser, seeds_server):
    """16.2: routes with no tie to the shown events leave the map, its layer list and the
    GeoJSON export when a filter is set (here one that keeps no event at all)."""
    page = _open(browser, seeds_server.url)
    fmap = _map(page)
    assert _overlay_names(fmap).count("Route: ") >= 1
    page.close()
    page = _open(browser, seeds_server.url + "?q=no-such-word-anywhere")
    page.get_by_text("No events match these filters.").wait_for(timeout=20_000)
    fmap = _map(page)
    assert "Route: " not in _overlay_names(fmap)
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_role("button", name="GeoJSON", exact=True).click()
    text = Path(dl.value.path()).read_text(encoding="utf-8")
    assert "LineString" not in text
    page.close()


def test_reset_clears_the_filters_for_good(browser, seeds_server):
    """16.3 and 16.8: filters set from a shared link (type and text in the URL); Reset shows
    every event, empties the widgets and the URL, and the next unrelated click keeps it so."""
    page = _open(browser, seeds_server.url)
    _, total = _count(page)
    page.close()
    page = _open(browser, seeds_server.url + "?type=statement&q=Kazem")
    shown, total2 = _count(page)
    assert total2 == total and shown < total
    expect = sync_api.expect
    expect(page.get_by_label("Search text")).to_have_value("Kazem", timeout=20_000)
    page.get_by_role("button", name="Reset filters").first.click()
    _wait_count(page, total, total)
    expect(page.get_by_label("Search text")).to_have_value("", timeout=20_000)
    page.wait_for_function("() => !location.search.includes('q=')", timeout=20_000)
    page.locator('[data-testid="stButtonGroup"]').get_by_text("actor", exact=True).click()
    page.wait_for_timeout(3000)
    assert _count(page) == (total, total)
    page.close()


def test_markers_at_one_point_fan_out_and_stay_clickable(browser, seeds_server):
    """16.4: events at one point are a cluster that fans out on a real click (nothing on top
    swallows it, not a route stop), and each fanned-out marker selects its event."""
    page = _open(browser, seeds_server.url)
    fmap = _map(page)
    fmap.locator(".marker-cluster").first.wait_for(timeout=20_000)
    _wait_drawn(page, _on_map(page))

    def fan_out_and_click(fmap) -> None:
        # Click the biggest cluster until it fans out (Leaflet.markercluster dims a fanned-out
        # cluster to opacity 0.3): one whose events share a point fans out, one spread over
        # nearby points zooms in first (as a user would click again).
        for _ in range(4):
            counts = [int(t) for t in fmap.locator(".marker-cluster").all_inner_texts()]
            n = max(counts)
            cluster = fmap.locator(".marker-cluster").nth(counts.index(n))
            box = cluster.bounding_box()
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            try:
                page.wait_for_function(
                    "n => [...document.querySelectorAll(\"iframe[title='streamlit_folium."
                    "st_folium']\")].some(f => f.contentDocument && f.contentDocument"
                    ".querySelectorAll('.ea-event').length >= n && [...f.contentDocument"
                    ".querySelectorAll('.marker-cluster')].some(c => c.style.opacity === '0.3'))",
                    arg=n, timeout=8_000)
                break
            except sync_api.TimeoutError:
                page.wait_for_timeout(1000)           # the zoom's animation ends
        # Playwright's click waits until the marker has stopped moving (the fan-out
        # animates) and fails if anything on top would receive the click instead.
        fmap.locator(".ea-event").last.click(timeout=10_000)

    _select(page, fan_out_and_click)
    page.close()


def test_grid_offers_no_unneutralised_csv_download(browser, seeds_server):
    """16.5 / 14.1: the data grid's own "Download as CSV" (which wrote formulas as they
    are) is off; the app's CSV export, which neutralises them, is the download."""
    page = _open(browser, seeds_server.url)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    grid.locator("[role=gridcell]").first.wait_for(state="attached", timeout=20_000)
    grid.hover()
    page.wait_for_timeout(800)
    toolbar = page.locator('[data-testid="stElementToolbar"]')
    assert toolbar.count() >= 1
    assert page.get_by_role("button", name=re.compile("Download as CSV", re.I)).count() == 0
    page.close()


def test_table_reads_as_the_articles_do(browser, seeds_server):
    """16.8: sources by title (not 003_319349d5f97b6c57.txt), countries by name, empty cells
    empty (not "None"), the sentence before the actors."""
    page = _open(browser, seeds_server.url)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    grid.locator("[role=gridcell]").first.wait_for(state="attached", timeout=20_000)
    headers = grid.locator("[role=columnheader]").all_inner_texts()
    names = [h.strip() for h in headers if h.strip()]
    assert names.index("Sentence") < names.index("Actors")
    cells = grid.locator("[role=gridcell]").all_inner_texts()
    assert "None" not in cells
    assert not any(re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", c) for c in cells)
    assert not any(re.fullmatch(r"[A-Z]{2}", c) for c in cells)      # no bare ISO codes
    page.close()


def test_no_events_message(browser, seeds_server):
    page = _open(browser, seeds_server.url + "?q=no-such-word-anywhere")
    page.get_by_text("No events match these filters.").wait_for(timeout=20_000)
    page.close()


def test_source_viewer_marks_the_sentence(browser, seeds_server):
    """Beyond the anchors: the selected event's sentence highlighted in its article."""
    page = _open(browser, seeds_server.url)
    _select(page, lambda fmap: _first_marker(fmap).dispatch_event("click"))
    sentence = page.locator('[data-testid="stText"]').all_inner_texts()
    page.get_by_text("Source article").click()
    mark = page.locator("mark.ea-sentence").first
    mark.wait_for(timeout=10_000)
    assert " ".join(mark.inner_text().split()) in " ".join(" ".join(sentence).split())
    page.get_by_text(re.compile(r"Reported by \d+ source")).first.wait_for(timeout=10_000)
    page.close()


def test_first_page_shows_title_and_progress_while_extracting(browser, tmp_path_factory,
                                                              atlas_home):
    """16.7: on a fresh store the title and the extraction's progress show at once (the
    count comes when the extraction is done), not a blank page."""
    home = fresh_home(tmp_path_factory.mktemp("fresh-home"), atlas_home)
    server = Server(home)
    try:
        page = browser.new_page(viewport={"width": 1500, "height": 1800})
        page.goto(server.url, wait_until="domcontentloaded")
        page.get_by_role("heading", name="Event Atlas").wait_for(timeout=30_000)
        page.get_by_text(re.compile(r"extracting \d+ article|Loading the language model"))\
            .first.wait_for(timeout=30_000)
        assert page.get_by_text(COUNT).count() == 0               # still extracting
        page.get_by_text(COUNT).first.wait_for(timeout=180_000)
        page.close()
    finally:
        server.stop()


def test_old_dates_and_outliers_keep_the_page_working(browser, tmp_path_factory, atlas_home):
    """14.4 and 16.6: an event of 1453 (before JavaScript's slider range) and a 2020 corpus:
    the page renders, tabs and all; the timeline zooms with the wheel (the picture changes,
    the count does not: no brush) and has its count histogram."""
    home = fresh_home(tmp_path_factory.mktemp("old-home"), atlas_home)
    corpus = tmp_path_factory.mktemp("old-corpus")
    body = " ".join(f"Troops shelled Aleppo on {d} October 2020." for d in range(1, 10))
    (corpus / "a.txt").write_text("Title: Sieges\nPublished: 2020-10-12\n\n"
                                  "In 1453, Ottoman forces attacked Constantinople. " + body
                                  + "\n", encoding="utf-8")
    server = Server(home, corpus=[corpus])
    try:
        page = _open(browser, server.url)
        shown, total = _count(page)
        assert shown == total > 1
        page.get_by_role("tab", name="Corpus").wait_for(timeout=10_000)
        plot = _chart(page).locator("canvas, svg").first
        page.locator('[data-testid="stVegaLiteChart"]').nth(1).wait_for(timeout=20_000)
        plot.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        before = plot.screenshot()
        box = plot.bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + 30)
        for _ in range(5):
            page.mouse.wheel(0, -200)
            page.wait_for_timeout(100)
        page.wait_for_timeout(1000)
        assert plot.screenshot() != before
        assert _count(page) == (shown, total)
        page.close()
    finally:
        server.stop()
