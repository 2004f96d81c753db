"""Named regular expressions and word lists kept as data, HeidelTime-style.

A pattern file (``*patterns.toml`` under ``timeline/data`` or ``geo/data``) holds one table per
pattern::

    [clock]
    why = "A time of day: 14:30, 9.15 pm, 06:00 GMT."
    pattern = '''\\d{1,2}[:.]\\d{2}(?:\\s*{meridiem})?'''
    flags = "i"                       # optional: any of i, x, m, s
    examples = ["at 14:30 local time"] # each must match (tests/test_resources.py)
    counter = ["in 2020"]             # optional: each must not match

or, for a word class, ``words = [...]`` instead of ``pattern`` (compiled to a whole-word
alternation, longest first; ``words(path, name)`` gives it as a set for token look-ups), or
``words_from = "actor_words.toml:titles.words"`` for a list kept in another TOML file beside it
(one list, used both as a set and in a pattern). ``{name}`` in a pattern is replaced by the named
entry of the same file, so sub-patterns are written once (HeidelTime's ``%reMonth``).

A ``{slot}`` that names no entry is filled at run time from a table the engine builds (the
countries and their capitals, the lexicon's aliases): ``compose(path, name, slot=[words])``.
The entry lists sample words for it, ``slots = { slot = ["Russia", "Kyiv"] }``, with which its
examples are run. The engines load a file once and ask for patterns by name; a new expression
is a resource edit with its example, not code.
"""
from __future__ import annotations

import bisect
import functools
import operator
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

_FLAGS = {"i": re.I, "x": re.X, "m": re.M, "s": re.S}
_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True)
class NamedPattern:
    """One entry of a pattern file, compiled, with the examples that test it."""
    name: str
    regex: re.Pattern
    why: str
    examples: tuple[str, ...]
    counter: tuple[str, ...]


@functools.lru_cache(maxsize=None)
def read_toml(path: Path) -> dict:
    """A TOML resource file, parsed once per process."""
    with Path(path).open("rb") as f:
        return tomllib.load(f)


def alternation(words) -> str:
    """A whole-word regex source matching any of ``words`` (escaped, longest first, so
    ``cease-fire`` wins over ``cease``). Written as a tree of shared prefixes ("cease(?:-fire)?")
    that tries the same words in the same order as a flat list but reads each character
    once (a flat list of 300 agent nouns, case-insensitive, cost 15 times as much); flat
    when two words differ only in case along a prefix, where a tree would try them in
    another order under ``re.I``."""
    alts = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    prefixes = {w[:i] for w in alts for i in range(1, len(w) + 1)}
    if len(prefixes) == len({x.casefold() for x in prefixes}):
        return r"(?<![\w-])(?:" + prefix_tree(alts) + r")(?![\w-])"
    return r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in alts) + r")(?![\w-])"


def prefix_tree(words) -> str:
    """Regex source matching exactly ``words``: at each character, the longer words first.
    Factored by common prefixes, so the engine does not try every word at every position
    (the same matches as the words listed longest first)."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def source(node: dict) -> str:
        alts = [re.escape(ch) + source(node[ch]) for ch in sorted(node) if ch]
        body = "" if not alts else alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node and body else body
    return source(tree)


def _words(path: Path, entry: dict) -> list[str]:
    """The words of a word-class entry: its own ``words`` or the list ``words_from`` names."""
    if "words" in entry:
        return entry["words"]
    file, _, key = entry["words_from"].partition(":")
    node = read_toml(path.parent / file)
    for part in key.split("."):
        node = node[part]
    return node


def _source(path: Path, table: dict, name: str, slots: dict[str, str],
            seen: tuple[str, ...] = ()) -> str:
    """The regex source of entry ``name`` with its ``{sub}`` references and slots expanded."""
    if name in seen:
        raise ValueError(f"pattern {name!r} refers to itself through {' > '.join(seen)}")
    entry = table[name]
    if "words" in entry or "words_from" in entry:
        return alternation(_words(path, entry))

    def expand(m: re.Match) -> str:
        ref = m.group(1)
        if ref in table:
            return f"(?:{_source(path, table, ref, slots, seen + (name,))})"
        return f"(?:{slots[ref]})" if ref in slots else m.group(0)
    return _REF.sub(expand, entry["pattern"])


def _compile(path: Path, table: dict, name: str, slots: dict[str, str]) -> re.Pattern:
    flags = 0
    for f in table[name].get("flags", ""):
        flags |= _FLAGS[f]
    try:
        return re.compile(_source(path, table, name, slots), flags)
    except re.error as e:
        raise ValueError(f"{path}: pattern {name!r} does not compile: {e}") from None


@functools.lru_cache(maxsize=None)
def read_patterns(path: Path) -> dict[str, NamedPattern]:
    """Every pattern of a pattern file, compiled once per process (slots filled with the sample
    words their entries give, for the examples)."""
    path = Path(path)
    table = read_toml(path)
    samples = {slot: alternation(ws) for entry in table.values()
               for slot, ws in entry.get("slots", {}).items()}
    own = {name: {**samples, **{k: alternation(ws) for k, ws in entry.get("slots", {}).items()}}
           for name, entry in table.items()}
    return {name: NamedPattern(name, _compile(path, table, name, own[name]), entry.get("why", ""),
                               tuple(entry.get("examples", ())), tuple(entry.get("counter", ())))
            for name, entry in table.items()}


def pattern(path: Path, name: str) -> re.Pattern:
    """The compiled pattern ``name`` of a pattern file."""
    return read_patterns(Path(path))[name].regex


def compose(path: Path, name: str, **slots) -> re.Pattern:
    """The pattern ``name`` with each ``{slot}`` filled by a whole-word alternation of the words
    given for it (a table built at run time). Compiled on each call: callers keep the result."""
    path = Path(path)
    return _compile(path, read_toml(path), name, {k: alternation(v) for k, v in slots.items()})


@functools.lru_cache(maxsize=None)
def words(path: Path, name: str) -> frozenset[str]:
    """The word class ``name`` of a pattern file as a set, for look-ups of single tokens."""
    path = Path(path)
    return frozenset(_words(path, read_toml(path)[name]))


@functools.lru_cache(maxsize=256)
def needs(rx: re.Pattern, folded: bool = False,
          opening: Optional[frozenset] = None) -> Optional[frozenset]:
    """Strings one of which every match of ``rx`` contains (``.m.`` for ``[ap]\\.m\\.``; one
    per alternative of an alternation), or the text a lookahead of it reads (which lies
    before the end of the text searched), read from its parse; None when there are none (or
    it cannot be read). A text with none of them has no match, found by a plain substring
    test instead of a regex search at every position. ``folded``: the strings in lower case,
    parts that ignore case included, to be looked for in ``fold(text)``; otherwise a pattern
    or part that ignores case needs nothing. ``opening``: the words the pattern opens with,
    where ``OpeningIndex`` tries it anyway: the strings are then chosen for the words that
    hold them (``_word_rank``), not "the" of "the fifth of May" but the month names."""
    if rx.flags & re.IGNORECASE and not folded:
        return None
    rank = _string_rank if opening is None else _word_rank(opening)
    try:
        from re import _parser

        found = _seq_needs(_parser.parse(rx.pattern, rx.flags & ~re.UNICODE), folded, rank)
    except Exception:
        return None
    # a string holding another needs no test of its own ("sept" holds "sep")
    return None if found is None else frozenset(
        s for s in found if not any(t != s and t in s for t in found))


def _string_rank(strings: frozenset) -> tuple:
    """How well a text's lacking ``strings`` rules a match out: longest shortest, fewest."""
    return min(map(len, strings)), -len(strings)


_WORD_CHARS = re.compile(r"\w+")


def _word_rank(opening: frozenset):
    """``_string_rank`` for strings looked for in a text's words (``OpeningIndex``): by the
    longest word of each (what a word must hold), and last when a string has none or every
    ``opening`` word holds one (the pattern is tried at those words anyway)."""
    def rank(strings: frozenset) -> tuple:
        longest = [max(_WORD_CHARS.findall(s), key=len, default="") for s in strings]
        held = not all(longest) or bool(opening) and all(
            any(w in s for w in longest) for s in opening)
        return not held, min(map(len, longest)), -len(strings)
    return rank


def _seq_needs(seq, folded: bool, rank=_string_rank) -> Optional[frozenset]:
    """The best ``needs`` of a parsed sequence by ``rank``: a run of literal characters, or
    what a group, an alternation or a repeat (at least once) inside it needs.
    Folded, a letter outside ASCII ends a run (``fold`` does not vouch for its case)."""
    from re import _constants as c

    options, run = [], []
    for op, arg in list(seq) + [(None, None)]:
        if op is c.LITERAL and (not folded or arg < 128):
            run.append(chr(arg).lower() if folded else chr(arg))
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        got = None
        if op is c.SUBPATTERN and (folded or not arg[1] & re.IGNORECASE):
            got = _seq_needs(arg[3], folded, rank)
        elif op is c.BRANCH:
            alts = [_seq_needs(a, folded, rank) for a in arg[1]]
            got = None if any(a is None for a in alts) else frozenset().union(*alts)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            got = _seq_needs(arg[2], folded, rank)
        elif op is c.ASSERT and arg[0] == 1:        # a lookahead: read in the text searched
            got = _seq_needs(arg[1], folded, rank)
        if got:
            options.append(got)
    return max(options, key=rank, default=None)


# the characters outside ASCII that ``re``, ignoring case, takes for an ASCII letter
# (tests/test_resources.py checks them against ``re``)
_FOLDED_ONTO = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
# those of them that ``str.lower`` leaves as they are ("ı" for i, "ſ" for s): ``fold`` maps
# them onto their letter
LOWER_KEEPS = frozenset(x for xs in _FOLDED_ONTO.values() for x in xs if x.lower() == x)
_CASE_EXTRAS = str.maketrans({x: a for a, xs in _FOLDED_ONTO.items() for x in xs
                              if x in LOWER_KEEPS})


def fold(text: str) -> Optional[str]:
    """``text`` in lower case, offset for offset, where ``needs(rx, folded=True)`` are looked
    for: a match of ``rx`` in ``text`` holds one of them in the fold at the same place. None
    when lower case changes the length ("İ")."""
    low = text.lower()
    if len(low) != len(text):
        return None
    if not low.isascii() and any(x in low for x in LOWER_KEEPS):
        low = low.translate(_CASE_EXTRAS)
    return low


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex source ("a|(b|c)|[|]" → "a", "(b|c)", "[|]"),
    each to be searched on its own (``leftmost``); the whole source when it sets flags for
    all of itself ("(?i)a|b")."""
    if re.compile(pattern).flags & ~re.UNICODE:
        return [pattern]
    return top_level(pattern)[0]


def top_level(pattern: str) -> Optional[tuple[list[str], Optional[int]]]:
    """The top-level branches of regex source ``pattern`` and where the group it opens with
    closes (None when it opens with none); None when its brackets do not balance."""
    parts, depth, start, close = [], 0, 0, None
    for i, ch in _syntax(pattern):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
            if not depth and close is None and pattern.startswith("("):
                close = i
        elif ch == "|" and not depth:
            parts.append(pattern[start:i])
            start = i + 1
    return None if depth else (parts + [pattern[start:]], close)


def leftmost(scans: list[tuple]) -> Optional[list[tuple[int, int]]]:
    """The spans ``finditer`` finds for the alternation of the patterns, each pattern searched
    on its own string (the text, or its ``fold`` for a pattern in lower case): at each step the
    leftmost match, the earlier pattern's on a tie. Apart, a pattern that opens with a letter
    or a class lets the regex engine skip to where it can start, which an alternation mixing
    other openings does not. None at an empty match (the caller keeps ``re``'s own scan).
    A scan may give, instead of its pattern, the function (string, pos) → its leftmost match
    from ``pos`` (the pattern searched in another way)."""
    texts = [s for _, s in scans]
    finds = [_searcher(rx) if isinstance(rx, re.Pattern) else rx for rx, _ in scans]
    found = [find(s, 0) for find, s in zip(finds, texts)]
    out, pos = [], 0
    while True:
        best, at = None, 0
        for i, m in enumerate(found):
            if m is None:
                continue
            start = m.start()
            if start < pos:
                m = found[i] = finds[i](texts[i], pos)
                if m is None:
                    continue
                start = m.start()
            if best is None or start < at:
                best, at = m, start
        if best is None:
            return out
        if best.end() == at:
            return None
        out.append((at, best.end()))
        pos = best.end()


def _syntax(pattern: str, i: int = 0) -> Iterator[tuple[int, str]]:
    """(offset, character) of each character of ``pattern`` from ``i`` on that is syntax, not
    escaped and not in a class (a ``]`` right after ``[`` or ``[^`` is one of its letters)."""
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 2 if pattern.startswith("[^", i) else 1
            i += pattern.startswith("]", i)
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        else:
            yield i, ch
        i += 1


def opening_assertions(pattern: str) -> int:
    """How many characters of ``pattern`` are zero-width assertions it opens with (``\\b``,
    look-behinds, look-aheads); 0 when none, or when a group cannot be read."""
    i = 0
    while True:
        if pattern.startswith("\\b", i):
            i += 2
            continue
        if not pattern.startswith(("(?<!", "(?<=", "(?!", "(?="), i):
            return i
        depth = 0
        for j, ch in _syntax(pattern, i):
            depth += (ch == "(") - (ch == ")")
            if not depth:
                break
        else:
            return 0                        # unbalanced: left alone
        i = j + 1


@functools.lru_cache(maxsize=256)
def lead_free(rx: re.Pattern) -> Optional[re.Pattern]:
    """``rx`` without its opening assertions, or None. It matches wherever ``rx`` does (and
    elsewhere), and with no assertion first the regex engine skips straight to the
    characters that can open a match instead of trying every position (None when it
    cannot: then it would only add work)."""
    cut = 0 if rx.flags & re.VERBOSE else opening_assertions(rx.pattern)
    try:
        rest = rx.pattern[cut:]
        return re.compile(rest, rx.flags) if cut and _engine_skips(rest, rx.flags) else None
    except re.error:
        return None


def _engine_skips(pattern: str, flags: int) -> bool:
    """Whether CPython's regex engine can skip ahead to where ``pattern`` may start (a
    literal prefix or a set of first characters in its compiled INFO block); False when
    that cannot be read (another Python): the plain search is then used, same matches."""
    try:
        from re import _compiler, _constants, _parser

        code = _compiler._code(_parser.parse(pattern, flags), flags)
        return code[0] == _constants.INFO and bool(
            code[2] & (_constants.SRE_INFO_PREFIX | _constants.SRE_INFO_CHARSET))
    except Exception:
        return False


def search(rx: re.Pattern, text: str, pos: int = 0) -> Optional[re.Match]:
    """``rx.search(text, pos)``, the candidate positions found by ``lead_free`` (which finds a
    literal after the opening assertions at once), else by ``skipping``."""
    return _searcher(rx)(text, pos)


def _searcher(rx: re.Pattern):
    """``search`` for ``rx`` as a function of (text, pos), its patterns looked up once."""
    fast = lead_free(rx)
    if fast is None:
        return skipping(rx).search

    def find(text: str, pos: int) -> Optional[re.Match]:
        m = fast.search(text, pos)
        while m is not None:
            full = rx.match(text, m.start())
            if full is not None:
                return full
            m = fast.search(text, m.start() + 1)
        return None
    return find


# Above this many needed strings, one search for all of them (``_need_test``) is cheaper than a
# substring test for each (a text that has none is read once, not once a string).
MANY_NEEDS = 16


def has_needs(rx: re.Pattern, text: str, pos: int = 0, endpos: Optional[int] = None,
              folded: bool = False) -> bool:
    """Whether ``text[pos:endpos]`` holds one of the strings ``rx`` ``needs`` (True when it
    needs none): where it holds none, ``rx.search(text, pos, endpos)`` finds nothing.
    ``folded``: ``text`` is a ``fold``, looked at for ``needs(rx, folded=True)``."""
    _, needed, many = _NEED_TESTS.get((id(rx), folded)) or _need_test(rx, folded)
    if needed is None:
        return True
    end = len(text) if endpos is None else endpos
    if many is not None:
        return many.search(text, pos, end) is not None
    for s in needed:                 # (a loop: cheaper than ``any`` over a generator)
        if text.find(s, pos, end) >= 0:
            return True
    return False


# (id of a pattern, folded) → ``_need_test``, which keeps the pattern so that its id stays its
# own: looked up by identity, as a compiled pattern's hash reads its whole program
_NEED_TESTS: dict[tuple[int, bool], tuple] = {}


def _need_test(rx: re.Pattern, folded: bool) -> tuple:
    """(``rx``, the strings it ``needs``, and when there are more than ``MANY_NEEDS`` of them
    (the 54 state abbreviations of a qualifier) the same as one alternation, ``prefix_tree``),
    kept in ``_NEED_TESTS``."""
    if len(_NEED_TESTS) >= 1024:
        _NEED_TESTS.clear()
    needed = needs(rx, folded)
    many = re.compile(prefix_tree(needed)) \
        if needed is not None and len(needed) > MANY_NEEDS else None
    _NEED_TESTS[(id(rx), folded)] = got = (rx, needed, many)
    return got


def finditer(rx: re.Pattern, text: str) -> list:
    """``list(rx.finditer(text))``, where ``lead_free`` finds the candidate positions (none
    where ``text`` has none of the strings the pattern ``needs``)."""
    if not has_needs(rx, text):
        return []
    if lead_free(rx) is None:
        return list(skipping(rx).finditer(text))
    out, pos, find = [], 0, _searcher(rx)
    while (full := find(text, pos)) is not None:
        if full.end() == full.start():
            return list(rx.finditer(text))     # empty matches: leave their rules to ``re``
        out.append(full)
        pos = full.end()
    return out


# one slot: the last text asked for, with its words (read and replaced as one tuple)
_WORD_SETS: list = [None]


def word_set(text: str, words: re.Pattern) -> frozenset[str]:
    """``frozenset(words.findall(text))``, kept for the last text asked: the actor and route
    stages both ask for the words of the article they are on. The words (``\\w+``) of a text
    whose letters and digits are ASCII (curly quotes and dashes aside) are split from its
    bytes with every other byte a space (``_WORD_BYTES``), in half the time of the regex."""
    last = _WORD_SETS[0]
    if last is not None and last[0] is text and last[1] is words:
        return last[2]
    if words.pattern == r"\w+" and not words.flags & re.ASCII and (text.isascii() or not any(
            ch.isalnum() for ch in set(text) if not ch.isascii())):     # (\w: alnum or _)
        found = frozenset(text.encode("ascii", "replace").translate(_WORD_BYTES)
                          .decode("ascii").split())
    else:
        found = frozenset(words.findall(text))
    _WORD_SETS[0] = (text, words, found)
    return found


def positions(text: str, strings) -> list[int]:
    """Where one of ``strings`` is written in ``text`` (also inside a longer word), ascending:
    a substring search for each string finds them faster than a regex of them all, which
    stops at nearly every letter to try its branches."""
    out = set()
    for w in strings:
        i = text.find(w)
        while i >= 0:
            out.add(i)
            i = text.find(w, i + 1)
    return sorted(out)


def occurs(rx: re.Pattern, text: str) -> bool:
    """Whether ``rx`` matches in ``text`` (``search``; False at once where ``text`` has none
    of the strings the pattern ``needs``)."""
    if not has_needs(rx, text):
        return False
    return search(rx, text) is not None


@functools.lru_cache(maxsize=256)
def skipping(rx: re.Pattern) -> re.Pattern:
    """``rx`` compiled again to the same matches (groups, spans, pattern text), but so that the
    regex engine skips to where a match can open: the characters every match can start with
    go into the compiled pattern's search info (as for a pattern that opens with a letter or
    a class; ``re`` reads none past an opening assertion or an optional group), and each
    alternation first looks at the next character before it tries its alternatives one by
    one. ``rx`` itself when its parse cannot be read (another Python; a locale or ASCII
    pattern)."""
    if not isinstance(rx.pattern, str) or rx.flags & (re.LOCALE | re.ASCII):
        return rx
    try:
        from re import _compiler, _constants as c, _parser

        tree = _parser.parse(rx.pattern, rx.flags)
        flags = tree.state.flags | rx.flags
        opening = _opens(tree, bool(flags & re.I))
        _gate(tree, bool(flags & re.I))
        code = _compiler._code(tree, rx.flags)
        if opening is not None and not opening[1] and code[0] == c.INFO and not code[2] \
                and code[3] > 0 and (charset := _sensitive(opening[0])) is not None:
            info = [c.INFO, 0, c.SRE_INFO_CHARSET, code[3], code[4]]
            _compiler._compile_charset(charset, flags, info)
            info[1] = len(info) - 1
            code = info + code[1 + code[1]:]
        names = [None] * tree.state.groups
        for name, i in tree.state.groupdict.items():
            names[i] = name
        import _sre

        return _sre.compile(rx.pattern, flags, code, tree.state.groups - 1,
                            tree.state.groupdict, tuple(names))
    except Exception:
        return rx


def _opens(seq, ic: bool) -> Optional[tuple[list, bool]]:
    """The one-character items (op, argument, whether case is ignored) a match of a parsed
    sequence can open with, and whether it can match the empty string; None when unknown
    (a back-reference, a negated class, any character). Assertions take no character."""
    from re import _constants as c

    out: list = []
    for op, av in seq:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.LITERAL:
            got: Optional[tuple[list, bool]] = [(op, av, ic)], False
        elif op is c.IN:
            if any(o not in (c.LITERAL, c.RANGE, c.CATEGORY) for o, _ in av):
                return None
            got = [(o, a, ic) for o, a in av], False
        elif op is c.SUBPATTERN:
            got = _opens(av[3], (ic or bool(av[1] & re.I)) and not av[2] & re.I)
        elif op is c.BRANCH:
            alts = [_opens(alt, ic) for alt in av[1]]
            if any(a is None for a in alts):
                return None
            got = [i for a in alts for i in a[0]], any(a[1] for a in alts)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            got = _opens(av[2], ic)
            got = None if got is None else (got[0], got[1] or av[0] == 0)
        elif op is c.ATOMIC_GROUP:
            got = _opens(av, ic)
        else:
            return None
        if got is None:
            return None
        out += got[0]
        if not got[1]:
            return out, False
    return out, True


def _gate(tree, ic: bool) -> None:
    """Put before each alternation of a parsed pattern (in place) a look-ahead for the
    characters its alternatives open with, when they are known and read with the same case
    rule as it: failing there costs one test instead of one per alternative."""
    from re import _constants as c, _parser

    out = []
    for op, av in tree.data:
        if op is c.SUBPATTERN:
            _gate(av[3], (ic or bool(av[1] & re.I)) and not av[2] & re.I)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            _gate(av[2], ic)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            _gate(av[1], ic)
        elif op is c.ATOMIC_GROUP:
            _gate(av, ic)
        elif op is c.BRANCH:
            for alt in av[1]:
                _gate(alt, ic)
            got = _opens([(op, av)], ic)
            if got is not None and not got[1] and all(i[2] == ic for i in got[0]):
                look = _parser.SubPattern(tree.state, [(c.IN, [i[:2] for i in got[0]])])
                out.append((c.ASSERT, (1, look)))
            for alt in av[1] if ic else ():
                _letter_first(alt)
        out.append((op, av))
    tree.data[:] = out


def _letter_first(alt) -> None:
    """An alternative read ignoring case that opens with an ASCII letter opens instead with
    the class of the characters that letter matches, read with case: ``re`` skips an
    alternative whose first class or case-sensitive letter fails without entering it."""
    from re import _constants as c, _parser

    if not alt.data or alt.data[0][0] is not c.LITERAL:
        return
    ch = chr(alt.data[0][1])
    if not (ch.isascii() and ch.isalpha()):
        return
    chars = sorted({ch.lower(), ch.upper(), *_FOLDED_ONTO.get(ch.lower(), "")})
    one = _parser.SubPattern(alt.state, [(c.IN, [(c.LITERAL, ord(x)) for x in chars])])
    alt.data[0] = (c.SUBPATTERN, (None, 0, re.I, one))


def _sensitive(items: list) -> Optional[list]:
    """Opening items as one case-sensitive class for the search info: a letter read ignoring
    case stands for both its ASCII cases and for every character outside ASCII (which
    ``re`` may fold onto it); None for a class outside ASCII read ignoring case."""
    from re import _compiler, _constants as c

    out, wide = [], False
    for op, av, ic in items:
        if op is c.CATEGORY or not ic:
            out.append((op, av))
            wide |= ic
            continue
        lo, hi = (av, av) if op is c.LITERAL else av
        if hi >= 128:
            return None
        wide = True
        for ch in map(chr, range(lo, hi + 1)):
            out += [(c.LITERAL, ord(ch.lower())), (c.LITERAL, ord(ch.upper()))]
    charset = _compiler._optimize_charset(out)[0]
    return charset + [(c.RANGE, (128, 0x10FFFF))] if wide else charset


def word_char(ch: str) -> bool:
    """What ``\\w`` matches (``re``'s Unicode word characters: alphanumerics and ``_``)."""
    return ch.isalnum() or ch == "_"


def window_matches(rx: re.Pattern, text: str,
                   windows: list[tuple[int, int]]) -> list[list[re.Match]]:
    """``list(rx.finditer(text, s, e))`` for each window ``(s, e)`` of ``text`` (a sentence),
    from one scan of the whole text (``skipping``) wherever that finds the same: for a pattern
    that cannot match empty and looks at no character outside its match but through ``\\b``
    or ``\\B``, in a window whose end no word character follows and whose edges no match of
    the whole text crosses. Any other window is scanned on its own."""
    fast = skipping(rx)
    whole = list(fast.finditer(text)) if _edge_blind(rx) else None
    starts = [m.start() for m in whole] if whole is not None else []
    out = []
    for s, e in windows:
        i, j = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
        if whole is None or (e < len(text) and word_char(text[e])) \
                or (i and whole[i - 1].end() > s) or (j and whole[j - 1].end() > e):
            out.append(list(fast.finditer(text, s, e)))
        else:
            out.append(whole[i:j])
    return out


@functools.lru_cache(maxsize=64)
def _edge_blind(rx: re.Pattern) -> bool:
    """Whether a match of ``rx`` found in a whole text is one in any stretch holding it whose
    end is followed by no word character: no look-around, no anchor at an end, no empty match
    (``window_matches``)."""
    if not isinstance(rx.pattern, str) or rx.flags & (re.ASCII | re.LOCALE):
        return False
    try:
        from re import _constants as c, _parser

        tree = _parser.parse(rx.pattern, rx.flags)
    except Exception:
        return False
    edges = {c.AT_BOUNDARY, c.AT_NON_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING,
             c.AT_BEGINNING_LINE}

    def blind(seq) -> bool:
        for op, av in seq:
            if op in (c.ASSERT, c.ASSERT_NOT, c.GROUPREF_EXISTS) or op is c.AT and av not in edges:
                return False
            subs = [av[3]] if op is c.SUBPATTERN else av[1] if op is c.BRANCH else [av[2]] \
                if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) else [av] \
                if op is c.ATOMIC_GROUP else []
            if not all(blind(p) for p in subs):
                return False
        return True
    return tree.getwidth()[0] > 0 and blind(tree)


# ---------------------------------------------------------------- where a pattern can open
# what ``openings`` reads a pattern's first characters as: a word character in lower case,
# or one of these markers (any character that is no word character; any decimal digit)
_NON_WORD, _DIGIT = " ", "\x01"
_OPEN_CHARS = 12        # how far into a match its opening strings are read
_OPEN_MANY = 600        # beyond this many strings a part is left unread


class _Unread(Exception):
    """A part of a pattern whose opening strings are not read (a class of any character, a
    letter beyond ASCII, too many strings)."""


@dataclass(frozen=True)
class Openings:
    """How every match of a pattern opens: at a word start, with a first run of word
    characters that, in ``fold``'s lower case, is one of ``exact``, starts with one of
    ``prefixes`` or starts with a decimal digit (``digit``)."""
    exact: frozenset[str]
    prefixes: frozenset[str]
    digit: bool


@functools.lru_cache(maxsize=256)
def openings(rx: re.Pattern) -> Optional[Openings]:
    """The words every match of ``rx`` can open with, read from its parse ("the" of
    "(?<!\\w)the\\s+year", "last"/"next" of "(?:last|next) week"); None unless the pattern
    opens with ``(?<!\\w)`` and the word it opens with is known. A text is then tried only at
    the words that can open a match (``OpeningIndex``), not at every position."""
    if not isinstance(rx.pattern, str) or rx.flags & (re.ASCII | re.LOCALE):
        return None
    try:
        from re import _parser

        tree = _parser.parse(rx.pattern, rx.flags)
        if not tree.data or not _after_non_word(tree.data[0]):
            return None
        word_next = _before_word(tree.data[1]) if len(tree.data) > 1 else False
        found = _open_seq(list(tree.data), 0, lambda: {""})
    except Exception:
        return None
    exact, prefixes, digit = set(), set(), False
    for s in found:
        if s[:1] == _NON_WORD and word_next:
            continue                      # ruled out by the look-ahead
        if s[:1] in ("", _NON_WORD):
            return None
        head = s.split(_DIGIT)[0]
        if not head:
            digit = True
        elif _NON_WORD in head:
            exact.add(head.split(_NON_WORD)[0])
        else:
            prefixes.add(head)
    return Openings(frozenset(exact), frozenset(prefixes), digit)


def _after_non_word(item) -> bool:
    """Whether a parsed item is ``(?<!\\w)`` or ``\\b``: before a word character, no word
    character."""
    from re import _constants as c

    op, av = item
    return op is c.AT and av is c.AT_BOUNDARY or op is c.ASSERT_NOT and av[0] == -1 \
        and list(av[1]) == [(c.IN, [(c.CATEGORY, c.CATEGORY_WORD)])]


def _before_word(item) -> bool:
    """Whether a parsed item is ``(?=\\w)``: a word character next."""
    from re import _constants as c

    op, av = item
    return op is c.ASSERT and av[0] == 1 and list(av[1]) == [(c.IN, [(c.CATEGORY, c.CATEGORY_WORD)])]


def _open_seq(items: list, i: int, tail) -> set[str]:
    """The strings (``_OPEN_CHARS`` long at most) a match of the parsed items ``items[i:]``
    followed by what ``tail()`` opens with can start with: each ends at a marker, where
    a part is left unread, or at the end of the match."""
    from re import _constants as c

    if i == len(items):
        return tail()
    op, av = items[i]
    after: list[set[str]] = []

    def rest() -> set[str]:
        if not after:
            try:
                after.append(_open_seq(items, i + 1, tail))
            except _Unread:
                after.append({""})
        return after[0]
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return rest()
    if op in (c.LITERAL, c.IN, c.CATEGORY):
        chars = _open_chars(op, av)
        ends = chars & {_NON_WORD, _DIGIT}          # a marker ends a string
        return _few(ends | {(ch + s)[:_OPEN_CHARS] for ch in chars - ends for s in rest()})
    if op is c.SUBPATTERN:
        return _open_seq(list(av[3]), 0, rest)
    if op is c.ATOMIC_GROUP:
        return _open_seq(list(av), 0, rest)
    if op is c.BRANCH:
        return _few(set().union(*(_open_seq(list(alt), 0, rest) for alt in av[1])))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        if hi == 0:
            return rest()
        first = _open_seq(list(sub), 0, rest if hi == 1 else lambda: {""})
        return _few(first | rest()) if lo == 0 else first
    raise _Unread


def _few(strings: set[str]) -> set[str]:
    """``strings``, cut shorter (each still opens what it opened) until there are no more
    than ``_OPEN_MANY``."""
    while len(strings) > _OPEN_MANY:
        cut = max(map(len, strings)) - 1
        if cut < 1:
            raise _Unread
        strings = {s[:cut] for s in strings}
    return strings


def _open_chars(op, av) -> set[str]:
    """The characters (lower case, or a marker) a one-character item of a parse matches."""
    from re import _constants as c

    if op is c.LITERAL:
        return {_open_char(chr(av))}
    items = av if op is c.IN else [(op, av)]
    out: set[str] = set()
    for o, a in items:
        if o is c.LITERAL:
            out.add(_open_char(chr(a)))
        elif o is c.RANGE and a[1] - a[0] < 128:
            out |= {_open_char(chr(x)) for x in range(a[0], a[1] + 1)}
        elif o is c.CATEGORY and a in (c.CATEGORY_DIGIT, c.CATEGORY_UNI_DIGIT):
            out.add(_DIGIT)
        elif o is c.CATEGORY and a in (c.CATEGORY_SPACE, c.CATEGORY_UNI_SPACE,
                                       c.CATEGORY_NOT_WORD, c.CATEGORY_UNI_NOT_WORD):
            out.add(_NON_WORD)
        else:
            raise _Unread
    return out


def _open_char(ch: str) -> str:
    """A character as ``openings`` reads it: a word character in lower case (ASCII only:
    ``fold`` vouches for no other's case), else the non-word marker."""
    if not word_char(ch):
        return _NON_WORD
    if not ch.isascii():
        raise _Unread
    return ch.lower()


def _by_head(items) -> dict[str, tuple]:
    """(string, value) pairs by the string's first two characters (one for a string of one),
    for ``_held``."""
    out: dict[str, tuple] = {}
    for string, value in items:
        out[string[:2]] = out.get(string[:2], ()) + ((string, value),)
    return out


def _held(word: str, heads: dict[str, tuple]) -> Iterator:
    """The values of the strings of ``heads`` (``_by_head``) that ``word`` holds."""
    for i in range(len(word)):
        for string, value in heads.get(word[i:i + 2], ()) + heads.get(word[i], ()):
            if word.startswith(string, i):
                yield value


# how many distinct words a word memo (``Contained``, ``OpeningIndex``) keeps before it starts
# again: the common words of a corpus come back at once; memory stays bounded in its size
WORDS_KEPT = 200_000


class Contained:
    """Which of some strings (in lower case) the words of a text hold: each word looked up
    once (``_held``), then set operations for the words met before (most of a text's)."""

    def __init__(self, strings):
        self.heads = _by_head((s, s) for s in strings)
        self._holds: dict[str, tuple[str, ...]] = {}    # word as written → strings it holds
        self._seen: set[str] = set()

    def held(self, words: frozenset[str]) -> set[str]:
        """The strings that ``words`` (as written; read in lower case) hold."""
        new = words - self._seen
        if new:
            if len(self._seen) >= WORDS_KEPT:
                self._holds, self._seen, new = {}, set(), words
            for w in new:
                found = tuple(_held(w.lower(), self.heads))
                if found:
                    self._holds[w] = found
            self._seen.update(new)
        return {s for w in self._holds.keys() & words for s in self._holds[w]}


# each byte of an ASCII text as ``_byte_openers`` reads it: a word character (``\w``) stays,
# any other byte (and "?", which ``encode(..., "replace")`` writes for any other character)
# is a space
_WORD_BYTES = bytes(b if b < 128 and (chr(b).isalnum() or b == 95) else 32 for b in range(256))


class OpeningIndex:
    """The words of a text at which each of some patterns can open (``openings``), in the
    windows that may hold one of the strings it ``needs``: the text split into its words
    (runs of word characters, ``words``: ``\\w+``), each distinct word looked up once, in
    place of a regex scan of every position for each pattern.
    Patterns without known openings are not indexed (``indexed``)."""

    def __init__(self, rxs: list[re.Pattern], words: re.Pattern):
        self.words = words
        self.exact: dict[str, int] = {}
        self.prefixes: dict[str, int] = {}
        self.digit = 0
        self.indexed = [openings(rx) is not None for rx in rxs]
        for k, rx in enumerate(rxs):
            o = openings(rx)
            for s in o.exact if o else ():
                self.exact[s] = self.exact.get(s, 0) | 1 << k
            for s in o.prefixes if o else ():
                self.prefixes[s] = self.prefixes.get(s, 0) | 1 << k
            self.digit |= 1 << k if o and o.digit else 0
        self.longest = max(map(len, self.prefixes), default=0)
        self.parts, self.unneeded = self._needed_parts(rxs)
        self._masks: dict[str, tuple[int, int]] = {}
        self._byte_masks: dict[bytes, tuple[int, int]] = {}
        # the strings are ASCII and the words ``\w+``: a text's words can be read as bytes
        self.ascii = words.pattern == r"\w+" and not words.flags & re.ASCII and all(
            s.isascii() for s in (*self.exact, *self.prefixes,
                                  *(part for parts in self.parts.values() for part, _ in parts)))
        self._seen: set[str] = set()          # words as written that ``opening_words`` met
        self._opening: set[str] = set()       # those of them a pattern can open with

    def _needed_parts(self, rxs: list[re.Pattern]) -> tuple[dict[str, tuple], int]:
        """For each string an indexed pattern ``needs`` (folded), its longest word, which one
        word of a window holds wherever the string is written in it, with the patterns (bits)
        that need it (``_by_head``); and the patterns (bits) that need nothing
        a word shows, or that every word they open with holds ("the" of "the year")."""
        words: dict[str, int] = {}
        unneeded = 0
        for k, rx in enumerate(rxs):
            o = openings(rx)
            needed = needs(rx, folded=True, opening=frozenset() if o is None or o.digit else
                           o.exact | o.prefixes)
            longest = [max(self.words.findall(s), key=len, default="") for s in needed or ()]
            if o is None or needed is None or not all(longest) or not o.digit and all(
                    any(w in s for w in longest) for s in o.exact | o.prefixes):
                unneeded |= 1 << k
                continue
            for w in longest:
                words[w] = words.get(w, 0) | 1 << k
        return _by_head(words.items()), unneeded

    def mask(self, word: str) -> tuple[int, int]:
        """The patterns (bits) that can open with ``word`` (in lower case), and those a
        string of which ``word`` holds (``_needed_parts``); kept per word, as the same words
        recur from text to text (forgotten past ``WORDS_KEPT`` of them)."""
        m = self._masks.get(word)
        if m is None:
            if len(self._masks) >= WORDS_KEPT:
                self._masks.clear()
            m = self._masks[word] = self._mask(word)
        return m

    def _mask(self, word: str) -> tuple[int, int]:
        """``mask``, worked out."""
        opens = self.exact.get(word, 0) | (self.digit if word[:1].isdecimal() else 0)
        for k in range(1, min(len(word), self.longest) + 1):
            opens |= self.prefixes.get(word[:k], 0)
        return opens, functools.reduce(operator.or_, _held(word, self.parts), 0)

    def opening_words(self, words: frozenset[str]) -> frozenset[str]:
        """Those of ``words`` (as written, of a text that ``fold``s as ``str.lower`` does)
        whose lower case a pattern can open with: a set operation for the words met before
        (most of a text's), a look-up for the others."""
        new = words - self._seen
        if new:
            if len(self._seen) >= WORDS_KEPT:
                self._seen, self._opening = set(), set()
                new = words
            self._opening.update(w for w in new if self.mask(w.lower())[0])
            self._seen.update(new)
        return words & self._opening

    def openers(self, low: str, windows: list[tuple[int, int]]) -> "Openers":
        """Where each pattern can match in ``windows`` of ``low`` (a text's ``fold``): read
        from its bytes (``_byte_openers``) unless a digit outside ASCII may open a word."""
        if self.ascii and (low.isascii() or not any(
                ch.isdecimal() for ch in set(low) if not ch.isascii())):
            return self._byte_openers(low, windows)
        return self._word_openers(low, windows)

    def _byte_mask(self, word: bytes) -> tuple[int, int]:
        """``mask`` of an ASCII word given as bytes, kept per word."""
        m = self._byte_masks.get(word)
        if m is None:
            if len(self._byte_masks) >= WORDS_KEPT:
                self._byte_masks.clear()
            m = self._byte_masks[word] = self._mask(word.decode("ascii"))
        return m

    def _byte_openers(self, low: str, windows: list[tuple[int, int]]) -> "Openers":
        """``_word_openers`` on ``low`` as ASCII bytes with every other byte a space (a
        character outside ASCII too, ``_WORD_BYTES``): each window split into its words by
        ``bytes.split``, and each opening word's places found by a substring search between
        spaces, in place of a regex scan. A character outside ASCII cuts a word in two: a
        pattern is then also tried where no word starts, where it cannot match (it opens
        with ``(?<!\\w)``), and a window may be taken to hold a string it does not; every
        word that opens or holds one is still found (the strings are ASCII)."""
        data = low.encode("ascii", "replace").translate(_WORD_BYTES)
        padded = bytearray(b" " * (len(data) + 2))    # the windows' words, between spaces
        for s, e in windows:
            padded[s + 1:e + 1] = data[s:e]
        held, places, opening = [], {}, {}
        for s, e in windows:
            holds = self.unneeded
            for word in set(data[s:e].split()):
                o, h = self._byte_masks.get(word) or self._byte_mask(word)
                holds |= h
                if o:
                    opening[word] = o
                    needle, step = b" " + word + b" ", len(word) + 1
                    ps, i = places.setdefault(word, []), padded.find(needle, s, e + 2)
                    while i >= 0:
                        ps.append(i)                  # (the word starts at i + 1 of padded)
                        i = padded.find(needle, i + step, e + 2)
            held.append(holds)
        return Openers(_starts_by_pattern((o, places[w]) for w, o in opening.items()),
                       windows, held)

    def _word_openers(self, low: str, windows: list[tuple[int, int]]) -> "Openers":
        """``openers`` by a regex scan of the words of each window."""
        by_word: dict[str, list[int]] = {}
        for s, e in windows:
            for m in self.words.finditer(low, s, e):
                by_word.setdefault(m.group(), []).append(m.start())
        held = [self.unneeded] * len(windows)
        ends = [e for _, e in windows]
        opening = []
        for word, ps in by_word.items():
            opens, holds = self.mask(word)
            if opens:
                opening.append((opens, ps))
            for p in ps if holds else ():
                held[bisect.bisect_right(ends, p)] |= holds
        return Openers(_starts_by_pattern(opening), windows, held)


def _starts_by_pattern(opening) -> dict[int, list[int]]:
    """pattern → word starts, ascending, from (patterns (bits), starts) of each opening word."""
    at: dict[int, list[int]] = {}
    for opens, ps in opening:
        for k in _bit_numbers(opens):
            at.setdefault(k, []).extend(ps)
    for ps in at.values():
        ps.sort()
    return at


@functools.lru_cache(maxsize=4096)
def _bit_numbers(bits: int) -> tuple[int, ...]:
    """The numbers of the bits set in ``bits``, lowest first: the patterns a word opens,
    worked out once per set of them (a text's opening words share a few)."""
    out = []
    while bits:
        bit = bits & -bits
        bits ^= bit
        out.append(bit.bit_length() - 1)
    return tuple(out)


@dataclass(frozen=True)
class Openers:
    """Where in a text's windows each pattern of an ``OpeningIndex`` can match: the word
    starts it can open at, in the windows that may hold a string it needs."""
    starts: dict[int, list[int]]        # pattern → word starts, ascending
    windows: list[tuple[int, int]]
    held: list[int]                     # per window, the patterns (bits) it may hold

    def matches(self, k: int, rx: re.Pattern, text: str) -> list[re.Match]:
        """``rx.finditer(text, s, e)`` in each window, for pattern ``k`` (``rx``)."""
        starts = self.starts.get(k)
        if not starts:
            return []
        bit = 1 << k
        return matches_at(rx, text, starts, [w for w, h in zip(self.windows, self.held) if h & bit])


def matches_at(rx: re.Pattern, text: str, starts: list[int],
               windows: list[tuple[int, int]]) -> list[re.Match]:
    """``rx.finditer(text, s, e)`` for each window ``(s, e)`` (ascending, apart), in one
    list, for a pattern that matches no empty string and whose every match starts at one
    of ``starts`` (ascending): it is tried there only."""
    return [m for found in matches_in(rx, text, starts, windows) for m in found]


def matches_in(rx: re.Pattern, text: str, starts: list[int],
               windows: list[tuple[int, int]]) -> list[list[re.Match]]:
    """``matches_at``, a list for each window."""
    out: list[list[re.Match]] = []
    k, n = 0, len(starts)
    for s, e in windows:
        k = bisect.bisect_left(starts, s, k)
        end = s
        found: list[re.Match] = []
        while k < n and starts[k] < e:
            p = starts[k]
            k += 1
            if p >= end and (m := rx.match(text, p, e)) is not None:
                found.append(m)
                end = m.end()
        out.append(found)
    return out
