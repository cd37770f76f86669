"""Train the learned event filter (``frontlines.extract.events_score``) on hand-annotated news.

Every article of the gold file runs through the pipeline **without** the filter; each of its
events of the five annotated types is labelled 1 when the news suite matches it to a gold event
(``frontlines.evaluate.news.match_document``), else 0. A logistic model (L2, Newton steps, numpy)
is fitted on the features of ``events_score.features``.

Honest figures: the documents are split into K folds (by document, never by event); for each fold
the model and its thresholds are fitted on the other folds only (on those folds' out-of-fold
scores, one threshold maximises event F1, then control changes get their own that maximises event
F1 plus control-change F1), and the fold's events are filtered with them. The news-suite
figures over the held-out folds are printed with the unfiltered ones; they are the figures to
quote. The shipped model is then fitted on every document.

    PYTHONPATH=src .venv/bin/python scripts/train_event_filter.py ../shared/eval/news/news_dev.jsonl \
        --out src/frontlines/extract/data/event_filter.json
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np

from frontlines.api import Frontlines
from frontlines.evaluate.common import prf, ratio
from frontlines.evaluate.news import SCORED_TYPES, actor_label, gold_label, match_document, read_news
from frontlines.extract.events_score import features
from frontlines.options import load_options

L2 = 1.0  # ridge penalty on the weights (not the bias)


def fit(X: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method; returns [bias, w...]."""
    Xb = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(Xb.shape[1])
    reg = np.full(Xb.shape[1], l2)
    reg[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(Xb @ w, -60, 60)))
        g = Xb.T @ (p - y) + reg * w
        H = (Xb * (p * (1 - p))[:, None]).T @ Xb + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def predict(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(w[0] + X @ w[1:], -60, 60)))


def score_docs(docs, systems, keep) -> dict:
    """News-suite event and control-change figures with ``keep[d][i]`` deciding each event."""
    tp = fp = fn = ctp = cfp = cfn = 0
    act = [0, 0]
    gain = [0, 0]
    silent = [0, 0]
    for d, (doc, sys_events) in enumerate(zip(docs, systems)):
        kept = [e for i, e in enumerate(sys_events) if keep[d][i]]
        pairs = match_document(doc.events, kept)
        tp += len(pairs)
        fp += len(kept) - len(pairs)
        fn += len(doc.events) - len(pairs)
        c = sum(1 for g, _ in pairs if g["type"] == "control_change")
        ctp += c
        cfp += sum(1 for e in kept if e.type == "control_change") - c
        cfn += sum(1 for g in doc.events if g["type"] == "control_change") - c
        for g, s in pairs:
            if gold_label(g.get("actor")) is not None:
                ok = actor_label(s.actor) == gold_label(g.get("actor"))
                act[0] += ok
                act[1] += 1
                if g["type"] == "control_change":
                    gain[0] += ok
                    gain[1] += 1
        if not doc.events:
            silent[0] += not kept
            silent[1] += 1

    ep, er, ef = prf(tp, fp, fn)
    cp, cr, cf = prf(ctp, cfp, cfn)
    return {"event_precision": ep, "event_recall": er, "event_f1": ef, "control_change_precision": cp,
            "control_change_recall": cr, "control_change_f1": cf,
            "actor_accuracy": ratio(*act), "gainer_accuracy": ratio(*gain), "silent_accuracy": ratio(*silent)}


def best_threshold(docs, systems, scores) -> tuple[float, float]:
    """The threshold that maximises event F1, then the control changes' own threshold that
    maximises event F1 plus control-change F1 (control changes are the record's core: one
    threshold for all types lets the many attacks decide it)."""
    grid = [round(float(t), 3) for t in np.arange(0.05, 0.71, 0.025)]

    def keep(t: float, t_cc: float) -> list[list[bool]]:
        return [[s >= (t_cc if e.type == "control_change" else t) for s, e in zip(row, sys)]
                for row, sys in zip(scores, systems)]

    t = max((score_docs(docs, systems, keep(t, t))["event_f1"] or 0.0, t) for t in grid)[1]
    figures = [score_docs(docs, systems, keep(t, c)) for c in grid]
    t_cc = max(((f["event_f1"] or 0.0) + (f["control_change_f1"] or 0.0), c) for f, c in zip(figures, grid))[1]
    return t, t_cc


def out_of_fold(docs, systems, rows, names, idx, k, seed) -> list[list[float]]:
    """Scores for the documents ``idx`` from models fitted, fold by fold, on the others."""
    order = list(idx)
    random.Random(seed).shuffle(order)
    folds = [order[i::k] for i in range(k)]
    scores: dict[int, list[float]] = {}
    for fold in folds:
        train = [d for d in idx if d not in set(fold)]
        X, y = matrix(rows, names, train)
        w = fit(X, y)
        for d in fold:
            Xd, _ = matrix(rows, names, [d])
            scores[d] = list(predict(w, Xd)) if len(Xd) else []
    return [scores[d] for d in idx]


def matrix(rows, names, doc_ids) -> tuple[np.ndarray, np.ndarray]:
    col = {n: j for j, n in enumerate(names)}
    xs, ys = [], []
    for d in doc_ids:
        for feats, label in rows[d]:
            x = np.zeros(len(names))
            for n, v in feats.items():
                if n in col:
                    x[col[n]] = v
            xs.append(x)
            ys.append(label)
    return (np.array(xs).reshape(len(xs), len(names)), np.array(ys, dtype=float))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", help="hand-annotated news file (JSON Lines, METRICS.md news)")
    ap.add_argument("--out", help="write the model fitted on every document here")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--min-count", type=int, default=8, help="features seen on fewer events are left out")
    ap.add_argument("--config")
    args = ap.parse_args(argv)
    opts = load_options(args.config) if args.config else load_options()
    fl = Frontlines(opts.replace(event_filter=False))
    docs = read_news(args.gold)
    systems, rows, lengths = [], [], []
    for doc in docs:
        art = fl.article_from_text(doc.text, published=doc.published, title=doc.title, origin=f"news:{doc.id}")
        parsed = fl.parse(art)  # the Doc the filter stage sees (events, theater country)
        lengths.append(len(parsed.article.text))
        events = [e for e in parsed.events if e.type in SCORED_TYPES]
        matched = {id(s) for _, s in match_document(doc.events, events)}
        rows.append([(features(e, events, parsed.article, parsed.country), int(id(e) in matched)) for e in events])
        systems.append(events)
    counts = Counter(n for r in rows for feats, _ in r for n in feats)
    names = sorted(n for n, c in counts.items() if c >= args.min_count)
    idx = list(range(len(docs)))
    everything = [[True] * len(s) for s in systems]
    before = score_docs(docs, systems, everything)
    # held-out figures: per outer fold, an inner cross-validation on the training documents picks
    # the threshold, then the model fitted on all training documents scores the held-out fold
    order = list(idx)
    random.Random(args.seed).shuffle(order)
    folds = [order[i::args.folds] for i in range(args.folds)]
    keep = [[True] * len(s) for s in systems]
    thresholds = []
    for fold in folds:
        held = set(fold)
        train = [d for d in idx if d not in held]
        inner = out_of_fold(docs, systems, rows, names, train, args.folds, args.seed + 1)
        t, t_cc = best_threshold([docs[d] for d in train], [systems[d] for d in train], inner)
        thresholds.append([t, t_cc])
        X, y = matrix(rows, names, train)
        w = fit(X, y)
        for d in fold:
            Xd, _ = matrix(rows, names, [d])
            keep[d] = [s >= (t_cc if e.type == "control_change" else t) for s, e in zip(predict(w, Xd), systems[d])] \
                if len(Xd) else []
    held_out = score_docs(docs, systems, keep)
    X, y = matrix(rows, names, idx)
    w = fit(X, y)
    oof = out_of_fold(docs, systems, rows, names, idx, args.folds, args.seed + 1)
    threshold, threshold_cc = best_threshold(docs, systems, oof)
    in_sample = score_docs(docs, systems, [[s >= (threshold_cc if e.type == "control_change" else threshold)
                                             for s, e in zip(predict(w, matrix(rows, names, [d])[0]), systems[d])]
                                            if systems[d] else [] for d in idx])
    digest = hashlib.sha256(Path(args.gold).read_bytes()).hexdigest()[:16]
    report = {"documents": len(docs), "events": int(len(y)), "positives": int(y.sum()), "folds": args.folds,
              "unfiltered": before, "held_out_folds": held_out, "fold_thresholds": thresholds,
              "threshold": threshold, "type_thresholds": {"control_change": threshold_cc}, "in_sample": in_sample}
    print(json.dumps(report, indent=1))
    if args.out:
        model = {"about": "logistic event filter; scripts/train_event_filter.py; features in "
                          "frontlines.extract.events_score.features",
                 "trained_on": f"{Path(args.gold).name} (sha256 {digest}), {date.today().isoformat()}",
                 "bias": round(float(w[0]), 6), "threshold": threshold,
                 "type_thresholds": {"control_change": threshold_cc},
                 "min_chars": min(lengths),
                 "weights": {n: round(float(v), 6) for n, v in zip(names, w[1:])},
                 "cross_validation": {k: report[k] for k in ("folds", "unfiltered", "held_out_folds", "fold_thresholds")}}
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(model, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
