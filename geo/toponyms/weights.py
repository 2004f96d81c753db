"""Resolution weights and thresholds, together because they were tuned together (on LGL part 1,
checked on TR-News): coherence, feature priors, prominence, demonyms, the one-country story and
the limit of the US local-news lean. Each is a named constant with its reason beside it.
"""
from __future__ import annotations


# Resolution weights, in log10 units of population (a weight of 1 is worth a tenfold population),
# tuned on LGL part 1 and checked on TR-News (see ``bench places``).
W_COUNTRY = 6.0      # times the share of the other names' expected mass in the candidate's country:
                     # a story's places cluster in one country, strongly enough to outweigh a
                     # millionfold population ratio when every other name is there
W_STATE = 3.0        # per expected other name in the candidate's admin-1 region ...
STATE_CAP = 3.0      # ... capped: a state named ten times is no surer than one named thrice
W_NEAR = 1.0         # per expected other name within NEAR_KM (capped at NEAR_CAP)
NEAR_KM = 150.0      # about the 161 km of the accuracy measure: "the same area"
# Places within NEAR_KM lie within 1.5 degrees of latitude; the sorted band searched for them
# is a hair wider, so that rounding never leaves one out (the exact test is applied inside).
NEAR_BAND = 1.5 + 1e-6
NEAR_CAP = 3.0
W_ALT = 1.0          # a city matched only by one of its alternate names, not its own name
W_QUALIFIED = 8.0    # ``Alexandria, La.``: the writer said which one; beats any prior
W_UNQUALIFIED = -3.0  # the other senses of a qualified name
ROUNDS = 3           # coherence rounds: enough for states and big cities to settle the rest
MIN_NAMES = 1        # the country share is over at least this many other names
BONUS_COUNTRY = 3.0  # prior: a country name means the country (``Georgia`` aside: see below)
BONUS_ADMIN = 1.5    # prior: a real admin-1 region (``Aleppo Province`` names only the region)
ADMIN_FLOOR = 200_000  # the floor population gazetteer gives admin-1 regions without a figure
BONUS_REGION = 1.5   # prior: a curated region (``Donbas``, ``the Sahel``)
CITY_FIRST_BONUS = 4.0  # a bare name listed in city_first.csv means the city
# Prominence (issue 12): a country, a national capital or a world city is what a bare name means
# in news, over any smaller namesake, unless the text names the namesake's country or admin-1
# region, qualifies the mention, or the story is local news of the namesake's country.
WORLD_CITY_POP = 1_000_000
# A namesake under this share of the prominent place's population (a village of 2,000 called
# ``San Diego``) is not kept by its country being named alone: only its admin-1 region, a place
# of the story near it, or a qualifier keep it (stories about Mexico name San Diego, California).
NAMESAKE_SHARE = 0.01
# Document context (issue 12): demonyms of the story's country (``Chadian troops``) stand for
# this many names of places in that country each, at most DEMONYM_MAX in all.
W_DEMONYM = 0.5
DEMONYM_MAX = 2.0
DEMONYM_GATE_MIN = 2   # demonym mentions that make a people the story's (see ``_demonym_context``)
# A story about one country (issue 12): that country holds STORY_SHARE of the countries of its
# names and demonyms, at least STORY_MIN of them; a town more than STORY_FAR_KM from its places,
# in a country the story nowhere points to, is a town of that country the gazetteer lacks.
STORY_MIN = 3
STORY_SHARE = 0.75
STORY_FAR_KM = 2500.0
# The US local-news lean is off when the story names at least FOREIGN_MIN countries or admin-1
# regions outside the US, and more of them than US states (wire copy from abroad uses AP style).
FOREIGN_MIN = 2
