"""The event map (Folium/Leaflet): coloured event markers, routes, legend, layer control.

Offline by design. Folium and streamlit-folium load Leaflet and its plugins from CDNs; when
the XStatic packages (``xstatic-leaflet``, ``xstatic-leaflet-markercluster``) are installed,
the map instead carries those files inline as ``data:`` URLs, so it renders with no network
(only the base-map tiles need it, and they are optional: markers, routes and stops are
Leaflet vector layers and DivIcons). Without tiles the map draws Natural Earth's 1:110m
country outlines from ``geo/data/countries_110m.geojson``, so an offline map still shows
where things are.

Everything from an article (sentence, actors, place names, source) is untrusted: it reaches
the page only through ``html.escape``. Markers are built in the browser from one JSON array
(Folium's ``FastMarkerCluster``), which keeps 10,000 events to one compact script.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import math
from pathlib import Path
from typing import Iterable, Optional, Sequence

import folium
import pandas as pd
from branca.element import Element
from folium.plugins import FastMarkerCluster
from folium.template import Template as FoliumTemplate
from jinja2 import Template

from geo.display import TYPE_COLORS, country_name, is_area, type_color, type_icon
from timeline.model import Route
from timeline.resources import pattern

MAP_PATTERNS = Path(__file__).parent / "data" / "map_patterns.toml"

DEFAULT_TILES = "OpenStreetMap"
CLUSTER_FROM = 200          # below this many markers every marker is drawn on its own
MARKER_CLASS = "ea-event"   # CSS classes the browser tests (and users' styles) can find
ROUTE_CLASS = "ea-route"

CLUSTER_NEAR = 12           # px: below CLUSTER_FROM, only markers this close share a cluster
AREA_CLASS = "ea-area"      # a country's or region's centroid: drawn hollow

# Each event is a DivIcon: a disc in its type's colour holding the type's glyph, sized by
# the fatalities it reports, hollow (dashed ring) when its point is an area's centroid.
_MARKER_JS = """function (row) {
    var d = row[6], area = row[7];
    var style = "width:" + d + "px;height:" + d + "px;line-height:" + d + "px;" +
        "font-size:" + Math.round(d * 0.6) + "px;" +
        (area ? "border:2px dashed " + row[2] + ";color:" + row[2] + ";background:rgba(255,255,255,.75)"
              : "border:1px solid #222;color:#fff;background:" + row[2]);
    var marker = L.marker([row[0], row[1]], {icon: L.divIcon({
        className: "%s" + (area ? " %s" : ""), iconSize: [d, d], iconAnchor: [d / 2, d / 2],
        html: "<div class='ea-glyph' style='" + style + "'>" + row[8] + "</div>"})});
    var box = document.createElement("div");
    box.innerHTML = row[3];          /* built from html.escape()d text on the server */
    marker.bindPopup(box, {maxWidth: 360});
    marker.bindTooltip(row[4]);      /* escaped likewise */
    marker.eaDay = row[5];           /* "YYYY-MM-DD" (start of its date) or null: playback */
    return marker;
}""" % (MARKER_CLASS, AREA_CLASS)

# Markers at one point stay reachable: a click on a cluster whose markers all share one
# point fans them out (spiderfy) instead of zooming in to no avail.
_CLUSTER_CLICK_JS = """function (e) {
    var ms = e.layer.getAllChildMarkers(), p = ms[0].getLatLng();
    var same = ms.every(function (m) { return m.getLatLng().equals(p, 1e-4); });
    if (same || e.layer._map.getZoom() >= e.layer._map.getMaxZoom()) { e.layer.spiderfy(); }
    else { e.layer.zoomToBounds({padding: [20, 20]}); }
}"""
MARKER_CSS = """
.ea-event .ea-glyph {border-radius: 50%; text-align: center; font-family: sans-serif;
  box-sizing: border-box; cursor: pointer; box-shadow: 0 0 2px rgba(0,0,0,.4)}
"""


def marker_size(fatalities) -> int:
    """The marker's diameter in pixels: 16, growing with the log of the fatalities reported
    (1 → 20, 10 → 29, 100 → 40, capped at 44), so a massacre stands out from a skirmish."""
    try:
        n = float(fatalities)
    except (TypeError, ValueError):
        return 16
    if not n > 0:
        return 16
    return int(min(44, 16 + 4 * math.log2(1 + n)))


# --------------------------------------------------------------------------- offline assets

def _data_url(path: Path, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@functools.lru_cache(maxsize=1)
def offline_assets() -> Optional[dict]:
    """Leaflet and MarkerCluster JS/CSS as ``data:`` URLs from the XStatic packages (the CSS
    with its images inlined too), or None when those packages are missing (then the CDN)."""
    try:
        import xstatic.pkg.leaflet as xl
        import xstatic.pkg.leaflet_markercluster as xm
    except ImportError:
        return None
    leaflet, cluster = Path(xl.BASE_DIR), Path(xm.BASE_DIR)
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")
    css = pattern(MAP_PATTERNS, "css_image").sub(
        lambda m: f"url({_data_url(leaflet / m[1], 'image/png')})", css)
    css_url = "data:text/css;base64," + base64.b64encode(css.encode()).decode("ascii")
    return {
        "leaflet_js": _data_url(leaflet / "leaflet.js", "text/javascript"),
        "leaflet_css": css_url,
        "cluster_js": _data_url(cluster / "leaflet.markercluster.js", "text/javascript"),
        "cluster_css": _data_url(cluster / "MarkerCluster.css", "text/css"),
        "cluster_default_css": _data_url(cluster / "MarkerCluster.Default.css", "text/css"),
    }


def _offline(m: folium.Map, cluster: FastMarkerCluster) -> None:
    """Point this map's asset lists at the inline copies, dropping what we do not use
    (jQuery, Bootstrap, Font Awesome, AwesomeMarkers: we draw vector markers)."""
    assets = offline_assets()
    if assets is None:
        m.default_js = [js for js in folium.Map.default_js if js[0] == "leaflet"]
        m.default_css = [css for css in folium.Map.default_css if css[0] == "leaflet_css"]
        return
    m.default_js = [("leaflet", assets["leaflet_js"])]
    m.default_css = [("leaflet_css", assets["leaflet_css"])]
    cluster.default_js = [("markerclusterjs", assets["cluster_js"])]
    cluster.default_css = [("markerclustercss", assets["cluster_css"]),
                           ("markerclusterdefaultcss", assets["cluster_default_css"])]


# --------------------------------------------------------------------------- pieces

def esc(text) -> str:
    """HTML-escape, and also neutralise what would break out of the JavaScript template
    literals Folium wraps tooltips in (backtick, ``${``, backslash) and the braces of Jinja
    syntax: branca compiles every element's *rendered* script as a new Jinja template, so a
    ``{{ … }}`` in an article would otherwise run as Python on the server."""
    return html.escape(str(text)).translate(_TEMPLATE_SAFE)


_TEMPLATE_SAFE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;",
                                "}": "&#125;"})


def popup_html(row: dict) -> str:
    """The marker popup: date, type, fatalities, actors, place (and how precise it is),
    sentence, source, how many sources report it; all article text escaped."""
    e = esc
    date = row.get("event_date") or "undated"
    if row.get("date_end"):
        date += f" … {row['date_end']}"
    edited = " · <i>edited</i>" if row.get("edited") else ""
    killed = _count(row.get("fatalities"))
    killed = f" · <b>{killed} killed</b>" if killed else ""
    place = str(row.get("location") or "—")
    if row.get("country") and is_area(row.get("geo_precision")):
        place += f" (somewhere in {country_name(row['country'])})" \
            if row.get("geo_precision") == "country" else " (region: approximate point)"
    elif row.get("country"):
        place += f", {country_name(row['country'])}"
    others = _count(row.get("sources"))
    others = f" · reported by {others} sources" if others and int(others) > 1 else ""
    return (f"<div class='ea-popup'><b>{e(str(date))}</b> · "
            f"<span style='color:{type_color(row.get('event_type'))}'>"
            f"{type_icon(row.get('event_type'))} {e(str(row.get('event_type') or ''))}</span>"
            f"{killed}{edited}<br>"
            f"<b>Actors:</b> {e(str(row.get('actors') or '—'))}<br>"
            f"<b>Place:</b> {e(place)}<br>"
            f"<q>{e(str(row.get('sentence') or ''))}</q><br>"
            f"<small>{e(str(row.get('source') or ''))}{others} · event {e(str(row['event_id']))}"
            f"</small></div>")


def _count(value) -> Optional[int]:
    """A count from a frame cell (None, NaN, a float from a nullable column) as an int."""
    try:
        n = int(float(value))
    except (TypeError, ValueError):
        return None
    return n if n > 0 else None


def tooltip_html(row: dict) -> str:
    return esc(f"{row.get('event_date') or 'undated'} · {row.get('event_type')} · "
               f"{row.get('location') or ''}")


EVENT_ID_IN_POPUP = pattern(MAP_PATTERNS, "popup_event_id")


def event_id_from_popup(text: Optional[str]) -> Optional[str]:
    """The event id in a clicked marker's popup text (what ``st_folium`` returns)."""
    m = EVENT_ID_IN_POPUP.search(text or "")
    return m[1] if m else None


class _Popup(folium.MacroElement):
    """A popup bound to its parent layer, built from already-escaped HTML without jQuery
    (Folium's own ``Popup`` needs jQuery, which we do not load)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
            var box = document.createElement("div");
            box.innerHTML = {{ this.body|tojson }};
            {{ this._parent.get_name() }}.bindPopup(box, {maxWidth: 360});
            {% if this.show %}{{ this._parent.get_name() }}.openPopup();{% endif %}
        })();
        {% endmacro %}""")

    def __init__(self, body: str, show: bool = False):
        super().__init__()
        self._name = "EscapedPopup"
        self.body = body
        self.show = show


COUNTRIES_FILE = Path(__file__).parent / "data" / "countries_110m.geojson"


@functools.lru_cache(maxsize=1)
def countries_js() -> Optional[str]:
    """The country outlines as a JavaScript literal (our own file; None when it is absent)."""
    try:
        return COUNTRIES_FILE.read_text(encoding="utf-8").replace("</", "<\\/")
    except OSError:
        return None


class _Countries(folium.MacroElement):
    """The base map that needs no network: land and borders drawn as one non-interactive
    GeoJSON layer under everything else, tiles included (clicks pass through to markers), on
    a sea-coloured background. Tiles, when switched on and reachable, cover it; when they
    fail to load the outlines still show."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
            var map = {{ this._parent.get_name() }};
            map.getContainer().style.background = "#dbe7f0";
            var pane = map.createPane("eaCountries");
            pane.style.zIndex = 150;            /* under the tile pane (200) */
            pane.style.pointerEvents = "none";
            L.geoJSON({{ this.data_js }}, {pane: "eaCountries", interactive: false,
                style: {color: "#a39d8f", weight: 0.8, fillColor: "#f5f3ee", fillOpacity: 1}
            }).addTo(map);
        })();
        {% endmacro %}""")

    def __init__(self, data_js: str):
        super().__init__()
        self._name = "Countries"
        self.data_js = data_js

    def render(self, **kwargs):
        # the outlines are a large literal: add the script as is, as ``_Cluster`` does
        figure = self.get_root()
        figure.script.add_child(_Raw(self._template.module.script(self, kwargs)),
                                name=self.get_name())


class _Legend(folium.MacroElement):
    """A Leaflet control listing the event-type colours (our own constants, not input)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "ea-legend");
                div.style.cssText = "background:rgba(255,255,255,.9);padding:6px 8px;" +
                    "font:12px sans-serif;border-radius:4px;line-height:18px";
                div.innerHTML = {{ this.body|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}""")

    def __init__(self, types: Sequence[str]):
        super().__init__()
        self._name = "Legend"
        self.body = "<b>Event type</b><br>" + "<br>".join(
            f"<span style='display:inline-block;width:14px;height:14px;border-radius:7px;"
            f"background:{type_color(t)};color:#fff;font-size:9px;line-height:14px;"
            f"text-align:center;margin-right:5px'>{esc(type_icon(t))}</span>{esc(t)}"
            for t in types) + (
            "<br><span style='display:inline-block;width:12px;height:12px;border-radius:6px;"
            "border:2px dashed #555;margin-right:5px;box-sizing:border-box'></span>"
            "area (country/region) point<br><small>size: fatalities reported</small>")


class _Marks(folium.MacroElement):
    """A route's direction arrows and numbered stops as DivIcon markers built in the browser
    (in a pane below the event markers, whose clicks they must not take) from one JSON array: one element instead of three per marker (each Folium element costs
    a template compilation on every rerun). Icons are our own markup; tooltips are escaped."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
            var marks = {{ this.marks|tojson }}, map = {{ this._parent._parent.get_name() }};
            if (!map.getPane("eaRouteMarks")) {
                /* stops and arrows sit under the event markers (pane 600) and route lines
                   (400): an event at a stop's point stays clickable */
                map.createPane("eaRouteMarks").style.zIndex = 390;
            }
            marks.forEach(function (m) {
                var big = m[2] === "ea-stop";
                var marker = L.marker([m[0], m[1]], {pane: "eaRouteMarks", icon: L.divIcon({
                    className: m[2], html: m[3], iconSize: big ? [20, 20] : [18, 18],
                    iconAnchor: big ? [10, 10] : [9, 9]})});
                if (m[4]) { marker.bindTooltip(m[4]); }
                marker.addTo({{ this._parent.get_name() }});
            });
        })();
        {% endmacro %}""")

    def __init__(self, marks: list):
        super().__init__()
        self._name = "RouteMarks"
        self.marks = marks


class _Playback(folium.MacroElement):
    """A ▶ Play control on the map: the cluster's markers appear in date order, a step every
    ``delay`` ms, the current date in the control; undated markers return at the end. It runs
    in the browser, so playing costs the server no rerun. Distinct days are grouped into at
    most ``max_steps`` steps of equal counts (a stray 1994 date is one step, not 26 years)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
            var cluster = {{ this.cluster.get_name() }}, timer = null, all = [];
            cluster.eachLayer(function (l) { all.push(l); });
            var dated = all.filter(function (l) { return l.eaDay; });
            dated.sort(function (a, b) { return a.eaDay < b.eaDay ? -1 : a.eaDay > b.eaDay ? 1 : 0; });
            var days = [];
            dated.forEach(function (l) { if (days[days.length - 1] !== l.eaDay) days.push(l.eaDay); });
            var per = Math.max(1, Math.ceil(days.length / {{ this.max_steps }}));
            var ends = [];
            for (var i = per - 1; i < days.length + per - 1; i += per) {
                ends.push(days[Math.min(i, days.length - 1)]);
            }
            var ctl = L.control({position: "topleft"});
            var button, label;
            function stop() {
                clearInterval(timer); timer = null;
                cluster.clearLayers(); cluster.addLayers(all);
                button.textContent = "\u25b6 Play"; label.textContent = "";
                box.classList.remove("ea-playing");
            }
            function play() {
                cluster.clearLayers(); box.classList.add("ea-playing");
                button.textContent = "\u25a0 Stop";
                var step = 0, next = 0;
                function tick() {
                    if (step >= ends.length) { stop(); label.textContent = "done"; return; }
                    var batch = [];
                    while (next < dated.length && dated[next].eaDay <= ends[step]) {
                        batch.push(dated[next]); next++;
                    }
                    cluster.addLayers(batch);
                    label.textContent = "up to " + ends[step] + " (" + next + " of " +
                        dated.length + ")";
                    step++;
                }
                tick();
                timer = setInterval(tick, {{ this.delay }});
            }
            var box;
            ctl.onAdd = function () {
                box = L.DomUtil.create("div", "ea-playback leaflet-bar");
                box.style.cssText = "background:white;padding:4px 6px;font:12px sans-serif";
                button = L.DomUtil.create("a", "ea-play", box);
                button.href = "#"; button.style.cssText = "display:inline;width:auto;padding:0 4px";
                button.textContent = "\u25b6 Play";
                button.title = "Show the events in date order";
                label = L.DomUtil.create("span", "ea-play-date", box);
                label.style.marginLeft = "6px";
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.on(button, "click", function (e) {
                    L.DomEvent.preventDefault(e);
                    if (timer) { stop(); } else if (ends.length) { play(); }
                });
                return box;
            };
            ctl.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}""")

    def __init__(self, cluster, delay: int = 700, max_steps: int = 40):
        super().__init__()
        self._name = "Playback"
        self.cluster = cluster
        self.delay = int(delay)
        self.max_steps = int(max_steps)


class _Density(folium.MacroElement):
    """A density layer (inside a FeatureGroup: a toggle in the layer control): one square per
    cell of the grid,
    shaded by its share of the busiest cell's events, under the markers and not clickable.
    Drawn by Leaflet itself, so it needs no heat-map plugin from a CDN."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
            var layer = {{ this._parent.get_name() }}, cells = {{ this.cells|tojson }};
            var top = cells.reduce(function (a, c) { return Math.max(a, c[2]); }, 1);
            cells.forEach(function (c) {
                var f = Math.sqrt(c[2] / top);
                L.rectangle([[c[0], c[1]], [c[0] + {{ this.cell }}, c[1] + {{ this.cell }}]], {
                    stroke: false, fillColor: "#b10026", fillOpacity: 0.12 + 0.6 * f,
                    interactive: false, className: "ea-density"}).addTo(layer);
            });
        })();
        {% endmacro %}""")

    def __init__(self, cells: list, cell: float = 1.0):
        super().__init__()
        self._name = "Density"
        self.cells = cells
        self.cell = float(cell)


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _bearing_css(a: tuple[float, float], b: tuple[float, float]) -> float:
    """CSS rotation (degrees clockwise from east) of the on-screen direction a → b."""
    dx = b[1] - a[1]
    dy = _mercator_y(b[0]) - _mercator_y(a[0])
    return -math.degrees(math.atan2(dy, dx))


def stop_name(stop) -> str:
    """A stop as the article wrote it ("El Geneina"), not the gazetteer's spelling
    ("Al-Junaynah"): the reader checks the map against the text."""
    return (stop.text or "").strip() or stop.name


def route_names(route: Route) -> str:
    return " → ".join(stop_name(s) for s in route.stops if s.lat is not None and s.lon is not None)


def route_color(route: Route) -> str:
    """A colour that depends only on the route itself, so adding articles changes none."""
    digest = hashlib.sha1(route.route_id.encode("utf-8")).hexdigest()
    return ROUTE_COLORS[int(digest[:8], 16) % len(ROUTE_COLORS)]


def route_labels(routes: Sequence[Route]) -> dict[str, str]:
    """route_id → a label unique among ``routes``: the stops, then the date, then a number
    when two routes still read the same (the layer list and the hide list show these)."""
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for r in routes:
        label = route_names(r)
        if label in seen and r.date:
            label = f"{label} ({r.date.value})"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} #{seen[label]}"
        labels[r.route_id] = label
    return labels


def route_layer(route: Route, color: Optional[str] = None, show: bool = True,
                label: Optional[str] = None) -> folium.FeatureGroup:
    """One toggleable layer: the route's line, an arrow on each leg, numbered stops."""
    color = color or route_color(route)
    stops = [s for s in route.stops if s.lat is not None and s.lon is not None]
    names = " → ".join(stop_name(s) for s in stops)
    group = folium.FeatureGroup(name=esc(f"Route: {label or names}"), show=show)
    points = [(s.lat, s.lon) for s in stops]
    actors = "; ".join(dict.fromkeys(a.name for a in route.actors))
    when = route.date.value if route.date else ""
    line = folium.PolyLine(points, color=color, weight=3, opacity=0.8, class_name=ROUTE_CLASS,
                           tooltip=esc(f"{names} {when}".strip()))
    line.add_child(_Popup(esc(
        f"{names}. {actors + '. ' if actors else ''}{route.sentence}")))
    line.add_to(group)
    marks = []                    # [lat, lon, class, html, tooltip-or-null]
    for a, b in zip(points, points[1:]):
        marks.append([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, "ea-arrow",
                      f"<div style='transform:rotate({_bearing_css(a, b):.1f}deg);"
                      f"color:{color};font-size:18px;line-height:18px'>&#10148;</div>", None])
    for n, s in enumerate(stops, 1):
        marks.append([s.lat, s.lon, "ea-stop",
                      f"<div style='background:{color};color:white;border-radius:10px;"
                      f"width:20px;height:20px;text-align:center;font:bold 12px/20px "
                      f"sans-serif'>{n}</div>", esc(f"{n}. {stop_name(s)}")])
    group.add_child(_Marks(marks))
    return group


# --------------------------------------------------------------------------- the map

ROUTE_COLORS = ("#3b3b98", "#b33771", "#218c74", "#cc8e35", "#574b90", "#2c3a47")


def located(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["latitude"].notna() & df["longitude"].notna()]


class _Raw(Element):
    """Already-rendered script text, added to the page as is (branca's ``Element`` would
    compile it as a Jinja template, which for 10,000 markers' JSON costs a third of a second
    per render, and would evaluate any template syntax inside it)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _Cluster(FastMarkerCluster):
    """``FastMarkerCluster`` fed pre-serialised JSON (cached by the app with the marker rows)
    and rendered without the template re-compilation described in ``_Raw``."""

    _template = FoliumTemplate("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function(){
                var callback = {{ this.callback_js }};
                var data = {{ this.data_js }};
                var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
                cluster.on("clusterclick", {{ this.click_js }});
                for (var i = 0; i < data.length; i++) {
                    callback(data[i]).addTo(cluster);
                }
                cluster.addTo({{ this._parent.get_name() }});
                return cluster;
            })();
        {% endmacro %}""")

    def __init__(self, data_js: str, callback: str, name: str, options: dict, click_js: str):
        super().__init__([], name=name, options=options)
        self.data_js = data_js
        self.callback_js = callback
        self.click_js = click_js

    def render(self, **kwargs):
        real, self.data_js = self.data_js, "[]"
        try:                              # the base class renders a stand-in cheaply …
            super().render(**kwargs)
        finally:
            self.data_js = real
        figure = self.get_root()          # … which is swapped for the real script, in place
        figure.script.add_child(_Raw(self._template.module.script(self, kwargs)),
                                name=self.get_name())


def marker_json(rows: list[list]) -> str:
    """``marker_data`` rows as a JavaScript literal safe inside a ``<script>``."""
    return (json.dumps(rows, separators=(",", ":")).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


def marker_data(df: pd.DataFrame) -> list[list]:
    """One row per located event for the in-browser marker builder: lat, lon, colour,
    popup HTML, tooltip HTML (both escaped), first day (or None; for playback), diameter
    (fatalities), hollow (an area's centroid), glyph. The slow part of a big map: cache it."""
    pts = located(df)
    days = pts["t_start"].dt.strftime("%Y-%m-%d").where(pts["t_start"].notna(), None)
    rows = pts[["latitude", "longitude", "event_type", "event_date", "date_end",
                "actors", "location", "country", "geo_precision", "fatalities", "sources",
                "sentence", "source", "event_id", "edited"]].to_dict("records")
    return [[r["latitude"], r["longitude"], type_color(r["event_type"]),
             popup_html(r), tooltip_html(r), day, marker_size(r["fatalities"]),
             is_area(r["geo_precision"]), type_icon(r["event_type"])]
            for r, day in zip(rows, days)]


def density_cells(df: pd.DataFrame, cell: float = 1.0) -> list[list]:
    """Located events counted per ``cell``-degree square: [south, west, count] rows, for the
    density layer that shows where a large corpus concentrates when markers are too many."""
    pts = located(df)
    if not len(pts):
        return []
    keys = pd.DataFrame({"s": (pts["latitude"] // cell) * cell,
                         "w": (pts["longitude"] // cell) * cell})
    grouped = keys.groupby(["s", "w"]).size()
    return [[float(s), float(w), int(n)] for (s, w), n in grouped.items()]


def build_map(df: pd.DataFrame, routes: Iterable[Route] = (), *, selected: Optional[str] = None,
              tiles: Optional[str] = None, hidden_routes: Iterable[str] = (),
              cluster_from: int = CLUSTER_FROM, markers: Optional[str] = None,
              countries: bool = True, density: Optional[bool] = None,
              focus: bool = False, cells: Optional[list] = None,
              clusters: Optional[pd.DataFrame] = None) -> folium.Map:
    """The map of the events in ``df`` (a ``timeline.filters.frame``) and ``routes``.

    Bounds fit the located events (and route stops); ``selected`` gets a ring and its popup
    open (``focus``: the map centres on it, as story mode steps). ``hidden_routes`` start
    switched off in the layer control. The country outlines (``countries``) are always
    drawn, offline; ``tiles`` (a Folium tile name, opt-in: they need the network) lie over
    them. ``density`` adds the density layer (default: on from ``cluster_from`` markers).
    ``markers`` is ``marker_json(marker_data(df))`` when the caller has it cached. A store
    too large to draw passes its own density ``cells`` and ``clusters`` (``lat``, ``lon``,
    ``events``: one counted circle each), both counted by the store. Build a new
    map for every ``st_folium`` call: it renames the map's elements as it renders them.
    """
    pts = located(df)
    m = folium.Map(location=(30, 30), zoom_start=3, tiles=None, control_scale=True,
                   prefer_canvas=False)
    m.options.update(maxZoom=18, minZoom=1)     # MarkerCluster needs maxZoom without tiles
    if countries and (outlines := countries_js()):
        _Countries(outlines).add_to(m)
    if tiles:
        folium.TileLayer(tiles, name="Base map", control=True).add_to(m)
    m.get_root().header.add_child(Element(f"<style>{MARKER_CSS}</style>"))
    many = len(pts) >= cluster_from
    options = {"showCoverageOnHover": False, "chunkedLoading": True,
               "maxClusterRadius": 40 if many else CLUSTER_NEAR,
               "zoomToBoundsOnClick": False, "spiderfyDistanceMultiplier": 1.6}
    data = markers if markers is not None else marker_json(marker_data(pts))
    cluster = _Cluster(data, _MARKER_JS, f"Events ({len(pts)})", options, _CLUSTER_CLICK_JS)
    cluster.add_to(m)
    _offline(m, cluster)
    if cells is not None or (density if density is not None else many):
        layer = folium.FeatureGroup(name="Density", show=True)
        layer.add_child(_Density(cells if cells is not None else density_cells(pts)))
        layer.add_to(m)

    bounds = []
    if len(pts):
        bounds = [(pts["latitude"].min(), pts["longitude"].min()),
                  (pts["latitude"].max(), pts["longitude"].max())]
    if clusters is not None and len(clusters):
        _cluster_layer(clusters).add_to(m)
        bounds += [(clusters["lat"].min(), clusters["lon"].min()),
                   (clusters["lat"].max(), clusters["lon"].max())]
    hidden = set(hidden_routes)
    drawn = [r for r in routes if sum(s.lat is not None for s in r.stops) >= 2]
    labels = route_labels(drawn)
    for route in drawn:
        route_layer(route, show=route.route_id not in hidden,
                    label=labels[route.route_id]).add_to(m)
        bounds += [(s.lat, s.lon) for s in route.stops if s.lat is not None]

    target = _selected_ring(m, pts, selected)
    present = set(pts["event_type"])
    types = [t for t in TYPE_COLORS if t in present] or list(TYPE_COLORS)
    _Legend(types).add_to(m)
    if pts["t_start"].notna().any():
        _Playback(cluster).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)   # routes also toggle beside the map
    if focus and target:
        m.location, m.options["zoom"] = list(target), 7
    elif bounds:
        lats, lons = [b[0] for b in bounds], [b[1] for b in bounds]
        if max(lats) - min(lats) < 0.5 and max(lons) - min(lons) < 0.5:
            m.location, m.options["zoom"] = [lats[0], lons[0]], 7
        else:
            m.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], padding=(20, 20))
    return m


def _cluster_layer(clusters: pd.DataFrame) -> folium.FeatureGroup:
    """Counted circles where a large store's events are (area ∝ count), each saying how
    many events it stands for: the map of more events than a browser can draw."""
    group = folium.FeatureGroup(name=f"Event clusters ({len(clusters)})", show=True)
    top = max(1, int(clusters["events"].max()))
    for lat, lon, n in clusters[["lat", "lon", "events"]].itertuples(index=False):
        folium.CircleMarker((lat, lon), radius=4 + 22 * math.sqrt(n / top), color="#3b4a5a",
                            weight=1, fill=True, fill_color="#3b4a5a", fill_opacity=0.55,
                            tooltip=f"{int(n):,} events", class_name="ea-cluster").add_to(group)
    return group


def _selected_ring(m: folium.Map, pts: pd.DataFrame, selected: Optional[str]):
    """A ring with the popup open around the selected event; its (lat, lon), or None."""
    if selected is None:
        return None
    hit = pts[pts["event_id"] == selected]
    if not len(hit):
        return None
    r = hit.iloc[0].to_dict()
    ring = folium.CircleMarker((r["latitude"], r["longitude"]), radius=16, color="#000",
                               weight=3, fill=False, class_name="ea-selected",
                               tooltip=tooltip_html(r))
    fg = folium.FeatureGroup(name="Selected event", control=False)
    fg.add_to(m)
    ring.add_to(fg)
    ring.add_child(_Popup(popup_html(r), show=True))
    return r["latitude"], r["longitude"]


def standalone_html(m: folium.Map) -> str:
    """The map as one self-contained HTML file (Leaflet inline when XStatic is installed)."""
    return m.get_root().render()
