#!/usr/bin/env python3
"""Builds data/gloss/gloss-wordnet.tsv: for each English word, the words of the WordNet 3.0
glosses around it (its topic), for churn's splice detector.

Python 3 standard library only. Input: Debian `wordnet-base` (/usr/share/wordnet). Usage:

    apt-get update && apt-get install -y wordnet-base
    python3 data/gloss/build/build_gloss.py [--wordnet DIR] [--out FILE]

Each lemma (single word, lower case, alphabetic, in the reference word counts so that rare
lemmas nobody writes are left out) gets a bag of "gloss words" from its first senses and
the synsets one pointer away (hypernyms, instances, topic and region domains, derivations,
holonyms, meronyms, attributes, pertainyms, similar adjectives): their member words and the
content words of their glosses. Each gloss word is reduced to a WordNet lemma (exceptions,
then the usual suffix rules). A bag entry weighs (sense weight) x (relation weight); the
bag is then weighted by the gloss word's inverse document frequency over all bags, and the
strongest entries are kept. The output lists the gloss-word vocabulary once (with its idf)
and each word's entries by vocabulary number, so a loader can hash words once.
"""

import argparse
import collections
import hashlib
import math
import os
import re
import sys

POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# Weight of the synsets one pointer away, by pointer symbol.
RELATIONS = {
    "@": 0.6,   # hypernym
    "@i": 0.8,  # instance of
    ";c": 1.0,  # topic domain
    "-c": 0.3,  # member of the topic domain (many: only a little each)
    ";r": 0.8,  # region domain
    "+": 0.8,   # derivationally related form
    "#m": 0.6, "#s": 0.6, "#p": 0.8,  # holonyms
    "%m": 0.5, "%s": 0.5, "%p": 0.6,  # meronyms
    "=": 0.5,   # attribute
    "\\": 0.8,  # pertainym / derived from
    "&": 0.5,   # similar to
}
SENSES = 3          # first senses of each part of speech that count
SENSE_DECAY = 0.6   # weight of sense k is SENSE_DECAY ** k
TOP = 16            # entries kept per word
MIN_COUNT = 30000   # least reference count for a lemma to be listed
MAX_DF_SHARE = 0.02  # gloss words in more bags than this share are dropped (too general)
GLOSS_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")


def read_lines(path):
    with open(path, encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                yield line.rstrip("\n")


def load_synsets(wn):
    """offset key ('n:02804123') -> (words, pointers [(sym, key)], gloss)."""
    synsets = {}
    for p, name in POS.items():
        for line in read_lines(os.path.join(wn, "data." + name)):
            head, _, gloss = line.partition(" | ")
            f = head.split()
            off, ss_type = f[0], f[2]
            n = int(f[3], 16)
            words = [f[4 + 2 * i].lower() for i in range(n)]
            i = 4 + 2 * n
            pc = int(f[i])
            ptrs = []
            for j in range(pc):
                sym, poff, ppos = f[i + 1 + 4 * j], f[i + 2 + 4 * j], f[i + 3 + 4 * j]
                ptrs.append((sym, ("a" if ppos == "s" else ppos) + ":" + poff))
            key = ("a" if ss_type == "s" else ss_type) + ":" + off
            synsets[key] = (words, ptrs, gloss)
    return synsets


def load_index(wn):
    """lemma -> [(pos, [offset keys in sense order])]."""
    index = collections.defaultdict(list)
    for p, name in POS.items():
        for line in read_lines(os.path.join(wn, "index." + name)):
            f = line.split()
            lemma, cnt, pc = f[0], int(f[2]), int(f[3])
            offs = f[4 + pc + 2:]
            assert len(offs) == cnt, line
            index[lemma].append((p, [p + ":" + o for o in offs]))
    return index


def load_exceptions(wn):
    exc = {}
    for name in POS.values():
        for line in read_lines(os.path.join(wn, name + ".exc")):
            f = line.split()
            if len(f) >= 2:
                exc.setdefault(f[0], f[1])
    return exc


SUFFIXES = [("ies", "y"), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
            ("shes", "sh"), ("men", "man"), ("es", "e"), ("es", ""), ("s", ""), ("ed", "e"),
            ("ed", ""), ("ing", "e"), ("ing", ""), ("er", ""), ("est", ""), ("er", "e"),
            ("est", "e")]


def lemma_of(word, index, exc):
    """The WordNet lemma of a word form (the form itself when WordNet lists it)."""
    if word in index:
        return word
    if word in exc:
        return exc[word]
    for suf, rep in SUFFIXES:
        if word.endswith(suf) and len(word) > len(suf) + 1:
            cand = word[: -len(suf)] + rep
            if cand in index:
                return cand
    return word


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(here), "gloss-wordnet.tsv"))
    ap.add_argument("--counts", default=os.path.join(root, "lexicon", "unigrams-en.tsv"))
    ap.add_argument("--stopwords", default=os.path.join(root, "stopwords-en.txt"))
    args = ap.parse_args()

    for name in ["data.noun", "index.noun"]:
        with open(os.path.join(args.wordnet, name), "rb") as f:
            print(name, hashlib.sha256(f.read()).hexdigest(), file=sys.stderr)

    counts = {}
    with open(args.counts, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            w, c = line.rstrip("\n").split("\t")
            counts[w] = int(c)
    stop = set()
    with open(args.stopwords, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                stop.add(line.strip())

    synsets = load_synsets(args.wordnet)
    index = load_index(args.wordnet)
    exc = load_exceptions(args.wordnet)

    def content(text):
        out = []
        for w in GLOSS_RE.findall(text.lower()):
            for part in w.split("-"):
                if len(part) >= 3 and part not in stop:
                    out.append(lemma_of(part, index, exc))
        return out

    def synset_words(key):
        words, _, gloss = synsets[key]
        ws = []
        for w in words:
            w = re.sub(r"\(.*\)$", "", w)
            ws.extend(x for x in w.split("_") if len(x) >= 3 and x not in stop)
        # Examples (quoted) are part of the gloss: they show the company a word keeps.
        return ws + content(gloss)

    lemmas = sorted(
        l for l in index if l.isalpha() and counts.get(l, 0) >= MIN_COUNT and l not in stop
    )
    bags = {}
    for lemma in lemmas:
        bag = collections.Counter()
        for _, offs in index[lemma]:
            for k, key in enumerate(offs[:SENSES]):
                sw = SENSE_DECAY ** k
                for w in synset_words(key):
                    bag[w] += sw
                for sym, other in synsets[key][1]:
                    rw = RELATIONS.get(sym)
                    if rw is not None and other in synsets:
                        for w in synset_words(other):
                            bag[w] += sw * rw
        bag.pop(lemma, None)
        bags[lemma] = bag
    df = collections.Counter()
    for bag in bags.values():
        df.update(bag.keys())
    n = len(bags)
    max_df = MAX_DF_SHARE * n
    idf = {w: math.log(n / d) for w, d in df.items() if d <= max_df and d >= 2}
    kept = {}
    for lemma, bag in bags.items():
        # Saturate repeats: a word named in several glosses counts more, but not linearly.
        scored = [(math.sqrt(c) * idf[w], w) for w, c in bag.items() if w in idf]
        scored.sort(key=lambda x: (-x[0], x[1]))
        kept[lemma] = [(w, s) for s, w in scored[:TOP]]
    vocab = sorted({w for entries in kept.values() for w, _ in entries})
    number = {w: i for i, w in enumerate(vocab)}
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(
            "# gloss-wordnet.tsv | source: WordNet 3.0 (Debian wordnet-base 1:3.0-37), built by"
            " data/gloss/build/build_gloss.py | licence: WordNet 3.0 licence"
            " (see LICENSE-WordNet.txt) | format: 'V<TAB>word' lines number the gloss words"
            " from 0; then 'word<TAB>n:w n:w ...' lines give a word's gloss words by number"
            " with weights in tenths\n"
        )
        for w in vocab:
            out.write(f"V\t{w}\n")
        for lemma in lemmas:
            entries = kept[lemma]
            if not entries:
                continue
            top = entries[0][1]
            cells = " ".join(f"{number[w]}:{max(1, round(9 * s / top))}" for w, s in entries)
            out.write(f"{lemma}\t{cells}\n")
        for form in sorted(exc):
            base = exc[form]
            if form != base and base in kept and kept[base] and form.isalpha() and form not in index:
                out.write(f"{form}\t={base}\n")
    print(f"{len(lemmas)} lemmas, {len(vocab)} gloss words", file=sys.stderr)


if __name__ == "__main__":
    main()
