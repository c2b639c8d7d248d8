"""A table-driven stand-in for the model's ``attribute_ruler``: the same token attributes, far cheaper.

``en_core_web_sm``'s ``attribute_ruler`` maps each fine-grained tag to a part of speech and morphology,
with word-specific exceptions ("that" as a relative pronoun, "has" as an auxiliary with the lemma
"have", "not" as a negative particle, ...): 179 token patterns run through a spaCy ``Matcher`` on every
token, then a ``Span`` and an attribute write per match. It was 15% of the pipeline's time, as much as the
parser, for what is mostly a lookup. newsevents reads what it writes: ``pos_`` everywhere, and ``lemma_``
(the lemmatizer is excluded, so the ruler's lemmas such as be/have/do are the only ones) in the coder.

:func:`compile_rules` reads the ruler's own patterns when the model is loaded (nothing is copied into
this repository, so another model or version brings its own rules) and ``newsevents_attributes`` applies
them as the ruler does, with the same result on every token:

- a token's attributes that the patterns look at (``TAG``, ``LOWER``, ``DEP``, ``IS_SPACE``; a word
  counts only when some pattern names it or its regex matches it) form a key; the rules one-token
  patterns apply to a key are found once per process and their outcome cached, so a token costs one
  dictionary lookup;
- multi-token patterns ("gon na", "let 's", an expletive followed by "is") are only tried at tokens whose
  key can start them;
- rules apply in the ruler's order, a later rule overriding an earlier one (``AttributeRuler.match`` sorts
  matches by rule), each on its token at the rule's ``index``; every pattern is matched against the
  attributes as the ruler found them, before any rule wrote;
- the attributes are written with ``Doc.from_array``, the same fields of the token struct that
  ``set_token_attrs`` writes (the ruler's write to the lexeme is a no-op for these attributes).

Patterns outside this subset (operators, other token attributes, extension attributes, attributes other
than POS/MORPH/LEMMA/TAG/DEP) raise :class:`Unsupported`, and the loader then keeps spaCy's component.
Equivalence on real text is tested token by token (``tests/test_nlp_attributes.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
SET_ATTRS = ("POS", "MORPH", "LEMMA", "TAG", "DEP")
_PREDICATES = frozenset({"IN", "NOT_IN", "REGEX"})

# A token key: (tag id, lowercase form when some pattern names it else None, dep id, is_space).
Key = tuple[int, str | None, int, bool]
Test = Callable[[Key], bool]


class Unsupported(ValueError):
    """The ruler has a pattern this table cannot reproduce exactly."""


@dataclass
class Rules:
    """The ruler's patterns, compiled: what :class:`AttributeTable` needs."""

    attrs: list[dict[int, int]]  # per rule: attribute id -> value, as the ruler normalised them
    single: list[tuple[int, Test]]  # (rule, test) of each one-token pattern, in rule order
    multi: list[tuple[int, list[Test], int]]  # (rule, test per position, target position)
    words: frozenset[str]  # lowercase forms that some pattern names
    regexes: list[re.Pattern[str]] = field(default_factory=list)  # LOWER regexes


def _value_test(
    attr: str, spec: Any, words: set[str], regexes: list[re.Pattern[str]]
) -> Callable[[Any], bool]:
    """A test of one attribute's value, as the ``Matcher`` reads ``spec``."""
    if attr == "IS_SPACE":
        if not isinstance(spec, bool):
            raise Unsupported(f"IS_SPACE {spec!r}")
        return lambda v: v == spec
    if isinstance(spec, str):
        if attr == "LOWER":
            words.add(spec)
        return lambda v: v == spec
    if not isinstance(spec, dict) or not spec or set(spec) - _PREDICATES:
        raise Unsupported(f"{attr} {spec!r}")
    tests: list[Callable[[Any], bool]] = []
    for op, arg in spec.items():
        if op == "REGEX":
            if attr != "LOWER":
                raise Unsupported(f"REGEX on {attr}")
            rx = re.compile(arg)
            regexes.append(rx)
            tests.append(_search(rx))
            continue
        if not isinstance(arg, list) or not all(isinstance(a, str) for a in arg):
            raise Unsupported(f"{attr} {op} {arg!r}")
        values = frozenset(arg)
        if attr == "LOWER":
            words.update(values)
        tests.append(_member(values, inside=op == "IN"))
    return lambda v: all(t(v) for t in tests)


def _search(rx: re.Pattern[str]) -> Callable[[Any], bool]:
    return lambda v: v is not None and rx.search(v) is not None


def _member(values: frozenset[str], inside: bool) -> Callable[[Any], bool]:
    if inside:
        return lambda v: v in values
    return lambda v: v not in values


def _token_test(spec: dict[str, Any], strings: Any, words: set[str], regexes: list[re.Pattern[str]]) -> Test:
    """A test of a token key against one token of a pattern."""
    if not spec or set(spec) - set(KEY_ATTRS):
        raise Unsupported(f"token pattern {spec!r}")
    checks = []
    for attr, sub in spec.items():
        pos = KEY_ATTRS.index(attr)
        checks.append((pos, _value_test(attr, sub, words, regexes)))

    def test(key: Key) -> bool:
        for pos, check in checks:
            value: Any = key[pos]
            if pos in (0, 2):  # TAG, DEP: ids to strings ('' when missing)
                value = strings[value] if value else ""
            if not check(value):
                return False
        return True

    return test


def compile_rules(ruler: Any) -> Rules:
    """Compile an ``AttributeRuler``'s patterns; raise :class:`Unsupported` when they cannot be matched
    exactly by this table."""
    from spacy.attrs import IDS

    allowed = {IDS[a] for a in SET_ATTRS}
    strings = ruler.vocab.strings
    words: set[str] = set()
    regexes: list[re.Pattern[str]] = []
    single: list[tuple[int, Test]] = []
    multi: list[tuple[int, list[Test], int]] = []
    attrs: list[dict[int, int]] = []
    for rule, entry in enumerate(ruler.patterns):
        normalised = ruler.attrs[rule]
        if not isinstance(normalised, dict) or set(normalised) - allowed:
            raise Unsupported(f"rule {rule} sets {entry['attrs']!r}")
        attrs.append({int(k): int(v) for k, v in normalised.items()})
        index = int(ruler.indices[rule])
        for pattern in entry["patterns"]:
            if not pattern:
                raise Unsupported(f"rule {rule}: empty pattern")
            tests = [_token_test(spec, strings, words, regexes) for spec in pattern]
            n = len(tests)
            if not -n <= index < n:
                raise Unsupported(f"rule {rule}: index {index} outside a pattern of {n} tokens")
            if n == 1:
                single.append((rule, tests[0]))
            else:
                multi.append((rule, tests, index % n))
    return Rules(attrs=attrs, single=single, multi=multi, words=frozenset(words), regexes=regexes)


class AttributeTable:
    """Applies compiled :class:`Rules` to docs; caches each token key's outcome."""

    def __init__(self, rules: Rules, strings: Any) -> None:
        import numpy as np
        from spacy.attrs import IDS

        self.rules = rules
        self.strings = strings
        self.set_ids = [IDS[a] for a in SET_ATTRS]
        self.key_ids = [IDS[a] for a in KEY_ATTRS]
        self._words: dict[int, str | None] = {}  # lower id -> the form when patterns name it, else None
        self._keys: dict[Key, int] = {}
        self._key_list: list[Key] = []
        self._key_rules: list[list[int]] = []  # one-token rules matching each key, in rule order
        self._key_starts: list[bool] = []  # whether a multi-token pattern can start at the key
        self._mask = np.zeros((64, len(SET_ATTRS)), dtype=bool)  # attribute set by some rule
        self._vals = np.zeros((64, len(SET_ATTRS)), dtype=np.uint64)  # its final value
        self._test_cache: dict[tuple[int, int, int], bool] = {}

    def _word(self, lower: int) -> str | None:
        text = self.strings[lower]
        if text in self.rules.words or any(rx.search(text) for rx in self.rules.regexes):
            self._words[lower] = text
            return text
        self._words[lower] = None
        return None

    def _outcome(self, rule_ids: Iterable[int]) -> tuple[list[bool], list[int]]:
        """Which attributes the rules set, and to what (the last rule wins)."""
        mask = [False] * len(SET_ATTRS)
        vals = [0] * len(SET_ATTRS)
        for rule in sorted(rule_ids):
            for attr, value in self.rules.attrs[rule].items():
                col = self.set_ids.index(attr)
                mask[col] = True
                vals[col] = value
        return mask, vals

    def _add_key(self, key: Key) -> int:
        import numpy as np

        k = len(self._key_list)
        self._keys[key] = k
        self._key_list.append(key)
        matched = sorted({rule for rule, test in self.rules.single if test(key)})
        self._key_rules.append(matched)
        self._key_starts.append(any(tests[0](key) for _, tests, _ in self.rules.multi))
        if k >= len(self._mask):
            self._mask = np.concatenate([self._mask, np.zeros_like(self._mask)])
            self._vals = np.concatenate([self._vals, np.zeros_like(self._vals)])
        mask, vals = self._outcome(matched)
        self._mask[k] = mask
        self._vals[k] = vals
        return k

    def _test(self, pattern: int, position: int, k: int) -> bool:
        cached = self._test_cache.get((pattern, position, k))
        if cached is None:
            cached = self.rules.multi[pattern][1][position](self._key_list[k])
            self._test_cache[(pattern, position, k)] = cached
        return cached

    def __call__(self, doc: Any) -> Any:
        import numpy as np

        n = len(doc)
        if n == 0:
            return doc
        cols = doc.to_array([*self.key_ids, *self.set_ids])
        words, keys, add_key, starts = self._words, self._keys, self._add_key, self._key_starts
        idx = np.empty(n, dtype=np.intp)
        may_start: list[int] = []
        for i, (tag, lower, dep, space) in enumerate(cols[:, :4].tolist()):
            word = words[lower] if lower in words else self._word(lower)
            key = (tag, word, dep, bool(space))
            k = keys.get(key)
            if k is None:
                k = add_key(key)
            idx[i] = k
            if starts[k]:
                may_start.append(i)
        original = cols[:, 4:]
        out = np.where(self._mask[idx], self._vals[idx], original)
        if may_start:
            extra: dict[int, set[int]] = {}
            for i in may_start:
                for p, (rule, tests, target) in enumerate(self.rules.multi):
                    if i + len(tests) > n:
                        continue
                    if all(self._test(p, j, int(idx[i + j])) for j in range(len(tests))):
                        extra.setdefault(i + target, set()).add(rule)
            for t, rules in extra.items():
                mask, vals = self._outcome(set(self._key_rules[int(idx[t])]) | rules)
                out[t] = [v if m else o for m, v, o in zip(mask, vals, original[t].tolist(), strict=True)]
        doc.from_array(self.set_ids, out)
        return doc
