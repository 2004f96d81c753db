"""News sentence splitting: abbreviations, quotes, datelines, headlines."""
from __future__ import annotations

import pytest

from timeline.segment import is_heading, sentences


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENT_ATLAS_HOME", str(tmp_path / "home"))


def split(text):
    return [text[s:e] for s, e in sentences(text)]


def test_abbreviations_do_not_end_sentences():
    text = ("Gen. Smith said U.S. forces left on Sept. 27 and Aug. 2. A U.S. official agreed. "
            "Donald J. Trump spoke.")
    assert split(text) == ["Gen. Smith said U.S. forces left on Sept. 27 and Aug. 2.",
                           "A U.S. official agreed.", "Donald J. Trump spoke."]


def test_acronym_can_end_a_sentence():
    assert split("Sanctions were imposed by the U.S. The ministry objected.") == [
        "Sanctions were imposed by the U.S.", "The ministry objected."]


def test_quotes_stay_with_their_sentence():
    text = ('"We are shelled again," he wrote. “It is terrible.” She left. '
            '“This news is worrying,” said Tatoyan in a statement on Thursday. “It may get worse.”')
    assert split(text) == ['"We are shelled again," he wrote.', "“It is terrible.”", "She left.",
                           "“This news is worrying,” said Tatoyan in a statement on Thursday.",
                           "“It may get worse.”"]


def test_datelines_split_off_and_lines_break():
    text = ("Armenian Ministry Says Capital Shelled\n\n"
            "By Asbarez | Thursday, 01 October 2020\n\n"
            "BEIRUT, LEBANON (5:45 P.M.) – The spokesman announced zones.\n"
            "YEREVAN (UrduPoint News / Sputnik - 07th October, 2020) The capital was hit.\n"
            "BAKU – Twelve people were killed.")
    parts = split(text)
    assert parts == ["Armenian Ministry Says Capital Shelled",
                     "By Asbarez | Thursday, 01 October 2020",
                     "BEIRUT, LEBANON (5:45 P.M.) –", "The spokesman announced zones.",
                     "YEREVAN (UrduPoint News / Sputnik - 07th October, 2020)",
                     "The capital was hit.", "BAKU –", "Twelve people were killed."]
    spans = sentences(text)
    assert [is_heading(text, s) for s in spans] == [True, True, True, False, True, False, True,
                                                     False]


def test_caption_with_credit_is_not_a_heading():
    text = "Smoke rises in Ras al-Ain as troops begin an offensive [Kerem Kocalar/ Anadolu Agency]"
    assert not is_heading(text, sentences(text)[0])


def test_standfirst_under_the_headline_before_the_byline():
    from timeline.segment import is_standfirst

    text = ("WORLD\nRebels leave the port city - mayor\n"
            "Local officials said the rebels left the port for the hills.\n"
            "Jane Doe\nMay 25, 2020\n\n"
            "A local mayor said on Sunday that the rebels left the port.\n"
            "He said they went to the hills.")
    spans = {text[s:e]: (s, e) for s, e in sentences(text)}
    assert is_standfirst(text, spans["Local officials said the rebels left the port for the hills."])
    assert not is_standfirst(text, spans["A local mayor said on Sunday that the rebels left the port."])
    assert not is_standfirst(text, spans["He said they went to the hills."])
    # a lede straight under the headline, with no byline to come, is the story itself
    lede = "Headline of the day\nThe army took the town on Monday.\nIt said so on Tuesday."
    first = next(sp for sp in sentences(lede) if lede[sp[0]:sp[1]].startswith("The army"))
    assert not is_standfirst(lede, first)


@pytest.mark.parametrize("text, parts", [
    # wire copy wrapped inside a sentence: the next line goes on in lower case
    ("Floods swept through the valley on Monday as\nrivers burst their banks near Sukkur.",
     ["Floods swept through the valley on Monday as\nrivers burst their banks near Sukkur."]),
    # the line's last sentence began inside it: the wrap falls before a capitalised name
    ("The bridge collapsed at noon. Governor\nAmina Yusuf said 12 were hurt.\nRescuers left.",
     ["The bridge collapsed at noon.", "Governor\nAmina Yusuf said 12 were hurt.",
      "Rescuers left."]),
    # a headline and a byline are whole lines: their breaks still end them
    ("Quake hits northern Peru\nBy Ana Ruiz\nThe quake struck at dawn.",
     ["Quake hits northern Peru", "By Ana Ruiz", "The quake struck at dawn."]),
    # a paragraph that ends in punctuation ends there, whatever the next line starts with
    ("Troops withdrew from Kherson.\nlocal officials confirmed it later.",
     ["Troops withdrew from Kherson.", "local officials confirmed it later."]),
    # a blank line is a paragraph break even after an unfinished line
    ("Talks resumed in Doha as\n\nfighting went on.", ["Talks resumed in Doha as",
                                                         "fighting went on."]),
])
def test_lines_wrapped_inside_a_sentence_stay_one_sentence(text, parts):
    assert split(text) == parts


def test_wrapped_body_lines_are_no_byline_for_a_standfirst():
    from timeline.segment import is_standfirst

    # wire copy without blank lines: the lede under the byline is the story, and the
    # unfinished lines of the wrapped paragraph after it are no byline or date line
    text = ("By Omar Haddad\n"
            "Fire swept through the camp on Friday as\nwinds rose.\n"
            "Two days after the first blaze was\nreported, residents fled to Idlib.")
    lede = next(sp for sp in sentences(text) if text[sp[0]:sp[1]].startswith("Fire"))
    assert not is_standfirst(text, lede)
