"""nlp's per-doc tables answer as spaCy does: the words of a character range (``span``,
``token_bounds``) are ``char_span(..., alignment_mode="expand")``'s, and ``lower_in`` finds
the words of given forms in a range of tokens."""
import pytest

from timeline import nlp

TEXT = "  Rebels shelled Kherson on Monday.\n\nOfficials said 12 people were killed, mayor says."


@pytest.fixture(scope="module")
def parsed():
    if nlp.model() is None:
        pytest.skip("spaCy model not installed")
    return nlp.parse(TEXT)


@pytest.mark.parametrize("start,end", [(0, 5), (2, 8), (8, 9), (9, 16), (10, 30), (33, 40),
                                       (36, 38), (0, len(TEXT)), (50, 60), (60, 200)])
def test_words_of_a_range_are_spacys(parsed, start, end):
    want = parsed.char_span(start, end, alignment_mode="expand")
    got = nlp.span(parsed, start, end)
    bounds = nlp.token_bounds(parsed, start, end)
    if want is None:
        assert got is None and bounds is None
    else:
        assert (got.start, got.end) == (want.start, want.end) == bounds


@pytest.mark.parametrize("forms,start,end", [({"said", "says"}, 0, None), ({"said"}, 0, 8),
                                             ({"killed", "rebels"}, 2, 20), ({"said"}, 5, -1),
                                             ({"kherson"}, -3, 4), ({"absent"}, 0, None)])
def test_words_of_given_forms(parsed, forms, start, end):
    stop = len(parsed) if end is None else end
    want = [t.i for t in parsed if t.lower_ in forms and start <= t.i < stop]
    assert nlp.lower_in(parsed, frozenset(forms), start, end) == want


@pytest.mark.parametrize("forms", [{"number"}, {"mark", "root"}, {"number", "agents"}])
def test_words_spacy_knows_as_labels_are_found(forms):
    """"number", "mark", "root" are also spaCy's symbols: their id is the symbol's number,
    not the string's hash."""
    if nlp.model() is None:
        pytest.skip("spaCy model not installed")
    parsed = nlp.parse("A number of agents reached the root of the mark.")
    want = [t.i for t in parsed if t.lower_ in forms]
    assert want and nlp.lower_in(parsed, frozenset(forms)) == want
