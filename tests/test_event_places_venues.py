"""Where an event placed at a country happened: a meeting in a country sits in its city
(``geo.context.host_city``), and a country left alone in a clause gives way to the sentence's
towns in it, even when a relative clause names the town (``events._towns_inside``).
Sentences written for these tests from stories other than the development sets."""
from __future__ import annotations

from datetime import date

import pytest

from timeline.model import Article
from timeline.pipeline import process

PUB = date(2023, 3, 15)


def _where(text: str, etype: str):
    evs = [e for e in process(Article(text=text, published=PUB)).events if e.event_type == etype]
    assert evs, f"no {etype} event in {text!r}"
    return evs[-1].location


@pytest.mark.parametrize("text,country,city", [
    ("Leaders of the bloc met on Tuesday at a summit in neighbouring Chad.", "TD", "N'Djamena"),
    ("Foreign ministers held talks in Qatar on Monday.", "QA", "Doha"),
    ("The two presidents met in Kenya on Friday.", "KE", "Nairobi"),
    ("Pope Francis visited Iraq on Friday.", "IQ", "Baghdad"),
])
def test_a_meeting_in_a_country_sits_in_its_capital(text, country, city):
    loc = _where(text, "meeting")
    assert loc is not None and loc.country == country and loc.name == city, loc
    assert loc.text != city                        # the span stays the country as written


def test_a_meeting_in_a_country_sits_in_the_city_the_story_named():
    loc = _where("Protesters marched in Istanbul on Monday. On Tuesday, delegations held talks "
                 "in Turkey.", "meeting")
    assert loc is not None and loc.name == "Istanbul", loc


@pytest.mark.parametrize("text,etype", [
    ("Kenya deployed troops on Saturday.", "deployment"),
    ("Peru imposed a nighttime curfew on Monday.", "other"),
])
def test_other_events_in_a_country_keep_the_country(text, etype):
    loc = _where(text, etype)
    assert loc is not None and loc.feature == "country", loc


@pytest.mark.parametrize("text,etype,town", [
    ("Soldiers fired tear gas into Lebanon on Sunday to push back smugglers who had crossed "
     "near Hermel.", "attack", "Hermel"),
    ("Turkish troops shelled Syria on Friday to stop fighters who had massed in Kobani.",
     "attack", "Kobani"),
])
def test_a_country_alone_gives_way_to_a_town_in_it(text, etype, town):
    loc = _where(text, etype)
    assert loc is not None and loc.text == town, loc


@pytest.mark.parametrize("text,place", [
    ("A column of armoured vehicles en route to Kyiv has reached Chernihiv Oblast, officials "
     "said on Sunday.", "Chernihiv Oblast"),
    ("A convoy of trucks on its way to Mariupol reached Zaporizhzhia Oblast on Friday.",
     "Zaporizhzhia Oblast"),
    ("Hundreds of migrants en route to the United States reached Chiapas on Saturday.", "Chiapas"),
])
def test_where_travellers_are_beats_where_they_head(text, place):
    """A trigger modifying the subject ("en route to Kyiv") tells where they head; the
    subject's verb ("has reached Chernihiv Oblast") where they are, even when the
    destination is the more specific place (geo.context.event_location)."""
    loc = _where(text, "movement")
    assert loc is not None and loc.text == place, loc


@pytest.mark.parametrize("text,near", [
    # the border along the named state, not the middle of the countries' shared line
    ("Troops were deployed on Monday in Mexico's northern state of Tamaulipas, at the border "
     "with the United States.", (26.1, -98.3)),               # middle: 29.8, -105.3
    ("Clashes broke out on Sunday in Colombia's Norte de Santander department, at the border "
     "with Venezuela.", (8.3, -72.5)),                        # middle: 6.6, -70.0
])
def test_a_border_named_after_a_region_is_the_part_along_it(text, near):
    from geopy.distance import distance
    loc = next(e.location for e in process(Article(text=text, published=PUB)).events)
    assert loc is not None and "border" in loc.name, loc
    assert distance((loc.lat, loc.lon), near).km < 150, (loc.lat, loc.lon)
