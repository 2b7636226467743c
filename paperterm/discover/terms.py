"""Words for discovery: folded tokens of titles and abstracts, stopwords gone, plurals merged."""

from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(r"[^\W\d_][^\W_]*")  # starts with a letter: "7x7" and "2023" carry no topic
MIN_LEN = 3
TERMS_VERSION = 3  # raise when terms() changes: cached vectors are then rebuilt

# English function words plus the boilerplate of abstracts: they say nothing about a topic.
_STOPWORD_TEXT = """
    a about above across after again against all almost along also although always am among an
    and another any are around as at be because been before being below between both but by can
    cannot could did do does doing done down during each either else enough etc even ever every
    few for from further get gets given gives had has have having he her here hers how however i
    if in into is it its itself just least less like made make makes many may me more most much
    must my neither no nor not now of off often on once one only onto or other others our ours
    out over own per rather same several she should since so some such than that the their
    theirs them themselves then there these they this those though through thus to too toward
    towards under until up upon us use used uses using very via was we well were what when where
    whether which while who whom whose why will with within without would yet you your
    able across achieve achieves achieved achieving allow allows approach approaches based best
    better called case cases code demonstrate demonstrates different effective effectively
    existing experiment experiments experimental extensive first focus found further furthermore
    general github help high highly https http important improve improved improves improving
    including introduce introduces largely learn learning method methods moreover namely
    new novel number numerous outperform outperforms paper particular performance present presents
    previous prior problem problems propose proposed proposes provide provides question recent
    recently related remains require requires result results second set show shows shown
    significant significantly simple specific state studies study superior task tasks technique
    techniques three two various way ways whereas widely work works www com org available
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def fold(text: str) -> str:
    """Lower-case without diacritics (``Équivariant`` -> ``equivariant``)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def stem(word: str) -> str:
    """Merge the plural with the singular: ``kernels`` -> ``kernel``, ``methods`` -> ``method``.

    Deliberately tiny (no Porter stemmer): the words shown as a paper's "why" stay real words.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The topic words of ``text``, in order, with repeats."""
    out = []
    for token in TOKEN.findall(fold(text)):
        if len(token) < MIN_LEN or token in STOPWORDS:
            continue
        word = stem(token)
        if word not in STOPWORDS:
            out.append(word)
    return out
