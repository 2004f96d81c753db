"""The map: escaped popups, markers and routes in the HTML, offline assets."""
from __future__ import annotations

import re

from geo import maps
from timeline import filters as flt
from timeline.model import ActorMention, Event, EventDate, PlaceMention, Route

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)"> `${alert(3)}` \\`'


def _place(name, lat, lon):
    return PlaceMention(0, 1, name, name=name, lat=lat, lon=lon, country="AZ", feature="city")


def _events():
    baku, ganja = _place("Baku", 40.4, 49.9), _place("Ganja", 40.7, 46.4)
    return [
        Event(article_id="a", sentence=f"Troops shelled Ganja {EVIL}", start=0, end=9,
              event_type="attack", date=EventDate("2020-10-04", "day"),
              actors=[ActorMention(0, 1, EVIL, name=EVIL)], places=[ganja], location=ganja,
              source=EVIL),
        Event(article_id="a", sentence="Talks in Baku", start=10, end=20, event_type="meeting",
              date=EventDate("2020-10", "month"), places=[baku], location=baku),
        Event(article_id="a", sentence="Somewhere", start=30, end=40),
    ]


ROUTE = Route(article_id="a", sentence=f"via {EVIL}",
              stops=[_place("Gaziantep", 37.1, 37.4), _place("Istanbul", 41.0, 29.0),
                     _place("Baku", 40.4, 49.9)])


def test_tooltips_cannot_break_out_of_template_literals():
    df = flt.frame(_events())
    row = df.iloc[0].to_dict()
    row["location"] = "Ganja `${alert(4)}` \\"
    tip = maps.tooltip_html(row)
    assert "`" not in tip and "${" not in tip and "\\" not in tip
    evil_stop = Route(article_id="a", stops=[_place("A `${alert(5)}`", 1, 1), _place("B", 2, 2)])
    html = maps.standalone_html(maps.build_map(df, [evil_stop], tiles=None))
    assert "${alert(5)}" not in html


def test_popup_escapes_article_text():
    html = maps.popup_html(flt.frame(_events()).iloc[0].to_dict())
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert maps.event_id_from_popup("… a.txt · event 0123456789ab") == "0123456789ab"


def test_map_html_has_markers_routes_and_no_raw_payload():
    df = flt.frame(_events())
    html = maps.standalone_html(maps.build_map(df, [ROUTE], tiles=None))
    # Two located events → two marker rows; the undated, unlocated one is not drawn.
    assert len(maps.marker_data(df)) == 2
    assert html.count('"#d62728"') == 1 and html.count('"#2ca02c"') == 1   # attack, meeting
    assert "L.markerClusterGroup" in html and "L.polyline" in html
    assert html.count("ea-arrow") >= 2 and html.count("ea-stop") >= 3
    assert "Route: Gaziantep \\u2192 Istanbul \\u2192 Baku" in html
    assert "L.control.layers" in html and "ea-legend" in html
    assert "fitBounds" in html
    # Untrusted text never appears as markup, not even inside the marker data.
    assert "<script>alert" not in html and 'onerror="alert' not in html
    assert "${alert" not in html and "`${" not in html


def test_map_is_offline():
    html = maps.standalone_html(maps.build_map(flt.frame(_events()), [ROUTE], tiles=None))
    if maps.offline_assets() is not None:
        assert not re.findall(r"""(?:src|href)=["']https?://""", html)
        assert "data:text/javascript;base64," in html


def test_country_outlines_are_drawn_by_default_and_under_tiles():
    """Issue 16.1: offline first. The default map has no tiles (they need the network) and
    always the outlines; with tiles switched on the outlines stay, in a pane under them, so a
    failed tile load still shows where things are."""
    df = flt.frame(_events())
    default = maps.standalone_html(maps.build_map(df, [ROUTE]))
    assert '"name":"Azerbaijan"' in default and 'createPane("eaCountries")' in default
    assert "tile.openstreetmap.org" not in default
    tiled = maps.standalone_html(maps.build_map(df, [ROUTE], tiles=maps.DEFAULT_TILES))
    assert "tile.openstreetmap.org" in tiled and 'createPane("eaCountries")' in tiled
    assert "zIndex = 150" in tiled                         # under Leaflet's tile pane (200)
    bare = maps.standalone_html(maps.build_map(df, [ROUTE], countries=False))
    assert "eaCountries" not in bare


def test_country_outlines_are_valid_geojson_in_lon_lat_order():
    import json

    fc = json.loads(maps.COUNTRIES_FILE.read_text(encoding="utf-8"))
    by_name = {f["properties"]["name"]: f["geometry"] for f in fc["features"]}
    assert len(by_name) > 170
    # Azerbaijan's outline lies around 45-51 E, 38-42 N: [lon, lat] pairs, as RFC 7946 says
    ring = by_name["Azerbaijan"]["coordinates"][0][0] if by_name["Azerbaijan"]["type"] == \
        "MultiPolygon" else by_name["Azerbaijan"]["coordinates"][0]
    assert all(44 < lon < 52 and 38 < lat < 42.5 for lon, lat in ring)
    assert ring[0] == ring[-1]


def test_few_markers_cluster_only_at_one_point_and_fan_out():
    """Issue 16.4: markers at one point must stay reachable: with few events only markers a
    few pixels apart share a cluster, and a click on a one-point cluster spiderfies it."""
    df = flt.frame(_events())
    few = maps.standalone_html(maps.build_map(df))
    assert f'"maxClusterRadius": {maps.CLUSTER_NEAR}' in few
    assert "spiderfy()" in few and '"zoomToBoundsOnClick": false' in few
    many = maps.standalone_html(maps.build_map(df, cluster_from=1))
    assert '"maxClusterRadius": 40' in many


def test_route_stops_sit_in_a_pane_under_the_event_markers():
    html = maps.standalone_html(maps.build_map(flt.frame(_events()), [ROUTE]))
    assert 'createPane("eaRouteMarks").style.zIndex = 390' in html
    assert 'pane: "eaRouteMarks"' in html


def test_marker_rows_carry_size_precision_and_icon():
    ganja = _place("Ganja", 40.7, 46.4)
    country = PlaceMention(0, 1, "Azerbaijan", name="Azerbaijan", lat=40.5, lon=47.5,
                           country="AZ", feature="country")
    events = [Event(article_id="a", sentence="Shelling killed 12 in Ganja", start=0, end=5,
                    event_type="attack", places=[ganja], location=ganja, fatalities=12),
              Event(article_id="a", sentence="Protest in Azerbaijan", start=6, end=9,
                    event_type="protest", places=[country], location=country)]
    rows = maps.marker_data(flt.frame(events))
    (city, area) = rows
    assert city[6] > area[6] == 16                          # 12 killed: a bigger marker
    assert city[7] is False and area[7] is True             # the country point is hollow
    assert city[8] == "✸" and area[8] == "✊"                # type icons, protest included
    assert "12 killed" in city[3] and "somewhere in Azerbaijan" in area[3]


def test_route_colours_and_labels_do_not_depend_on_other_routes():
    other = Route(article_id="b", sentence="x", stops=[_place("Aleppo", 36.2, 37.2),
                                                       _place("Idlib", 35.9, 36.6)])
    twin = Route(article_id="c", sentence="y", stops=list(ROUTE.stops))
    assert maps.route_color(ROUTE) == maps.route_color(ROUTE)
    labels = maps.route_labels([other, ROUTE, twin])
    assert len(set(labels.values())) == 3                  # the twin is told apart
    assert labels[ROUTE.route_id] == "Gaziantep → Istanbul → Baku"
    html_a = maps.standalone_html(maps.build_map(flt.frame(_events()), [ROUTE]))
    html_b = maps.standalone_html(maps.build_map(flt.frame(_events()), [other, ROUTE]))
    colour = maps.route_color(ROUTE)
    assert f'"color": "{colour}"' in html_a and f'"color": "{colour}"' in html_b


def test_route_stops_use_the_articles_spelling():
    stop = PlaceMention(0, 10, "El Geneina", name="Al-Junaynah", lat=13.45, lon=22.44,
                        country="SD", feature="city")
    route = Route(article_id="a", sentence="fled El Geneina for Adre",
                  stops=[stop, _place("Adre", 13.47, 22.2)])
    assert maps.route_names(route) == "El Geneina → Adre"


def test_density_cells_count_events_per_square():
    cells = maps.density_cells(flt.frame(_events()))
    assert sorted(c[2] for c in cells) == [1, 1]
    html = maps.standalone_html(maps.build_map(flt.frame(_events()), density=True))
    assert "ea-density" in html


def test_selected_event_gets_a_ring_and_open_popup():
    df = flt.frame(_events())
    eid = df.iloc[1]["event_id"]
    html = maps.standalone_html(maps.build_map(df, selected=eid, tiles=None))
    assert "ea-selected" in html and "openPopup" in html


def test_template_syntax_in_articles_is_not_evaluated():
    """branca compiles each element's rendered script as a Jinja template: an article saying
    ``{{ 7*7 }}`` must reach the page as those characters, never as 49 (or run Python)."""
    evil = "Boom {{ 7*7 }} {% if true %}yes{% endif %} {# c #}"
    place = _place("Baku {{ 6*7 }}", 40.4, 49.9)
    ev = Event(article_id="a", sentence=evil, start=0, end=1, event_type="attack",
               date=EventDate("2020-10-04", "day"), places=[place], location=place,
               actors=[ActorMention(0, 1, "{{ 5*5 }}", name="{{ 5*5 }}")])
    route = Route(article_id="a", sentence=evil, stops=[place, _place("Ganja {{ 8*8 }}", 40.7, 46.4)])
    df = flt.frame([ev])
    m = maps.build_map(df, [route], selected=ev.event_id, tiles=None)
    html = maps.standalone_html(m)
    for value in ("49", "42", "25", "64", "yes"):
        assert f" {value} " not in html.replace("&#125;", " ").replace("&#123;", " ")
    assert "{{" not in html and "{%" not in html and "{#" not in html
    assert "&#123;&#123; 7*7 &#125;&#125;" in maps.popup_html(df.iloc[0].to_dict())


def test_route_draws_arrows_and_numbered_stops():
    html = maps.standalone_html(maps.build_map(flt.frame(_events()), [ROUTE], tiles=None))
    marks = re.search(r"var marks = (\[.*?\]), map = ", html)
    import json
    rows = json.loads(marks[1])
    assert [r[2] for r in rows].count("ea-arrow") == 2          # two legs
    stops = [r for r in rows if r[2] == "ea-stop"]
    assert [r[4] for r in stops] == ["1. Gaziantep", "2. Istanbul", "3. Baku"]
