#!/usr/bin/env python3
"""How much of the corpus's choices the stated facts can explain at all.

`advise calibrate` measures the catalog; this measures the cases. It asks
general-purpose classifiers, which know nothing of deployment, to predict
each single-profile case's choice from the fields its profile states, and
cross-validates them over the same kind of folds the fit uses (5,
stratified by the strategy chosen, three shuffles). Where they do no
better than the catalog, the catalog is not leaving information in the
profiles unused: agreement can rise only with facts the profiles do not
state yet, not with more fitting.

Each stated field is a feature: a category or a flag as one column per
value, a priority as its number, any other number as log10(1 + x) with a
column saying it was stated. `case` (the source, the answer) and `name`
are left out. `current` (where the system ran before) is kept, as the
catalog sees it too, and each model runs again without it: published
decisions are mostly moves, so a classifier learns that a system leaves
where it runs, which is how write-ups are chosen, not a fact about
deployment that the catalog could honestly use. Hybrid cases are left
out: their workloads share their system's fields, so folds would leak
between them.

Usage: python3 bench/ceiling.py [CASES_DIR]   (default: cases/)
Needs: python3 with PyYAML and scikit-learn (pip install pyyaml
scikit-learn), and the release binary (cargo build --release) for the
catalog's own figure. Not run by CI: it measures the corpus, not the tool.
"""

import glob
import json
import math
import os
import subprocess
import sys
from collections import Counter

import yaml
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = (0, 1, 2)


def flatten(value, prefix=""):
    out = {}
    for key, v in (value or {}).items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{key}."))
        elif isinstance(v, list):
            out[prefix + key] = ",".join(sorted(map(str, v)))
        else:
            out[prefix + key] = v
    return out


def features(profile):
    out = {}
    for key, v in flatten(profile).items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if key.startswith("priorities."):
                out[key] = v
            else:
                out[key] = math.log10(1 + v)
                out[key + " stated"] = 1
        else:
            out[f"{key}={v}"] = 1
    return out


def load(directory):
    cases = []
    for path in sorted(glob.glob(os.path.join(directory, "*.yaml"))):
        with open(path) as f:
            doc = yaml.safe_load(f)
        if "workloads" in doc:
            continue
        profile = {k: v for k, v in doc.items() if k not in ("version", "name", "case")}
        cases.append((doc["name"], doc["case"]["chose"], features(profile)))
    return cases


def catalog_agreement(directory, names):
    binary = os.path.join(ROOT, "target", "release", "advise")
    out = subprocess.run(
        [binary, "calibrate", directory, "--no-config", "--format", "json"],
        check=False, capture_output=True, text=True,
    ).stdout
    results = {r["case"]: r for r in json.loads(out)["results"]}
    return sum(results[n]["agrees"] for n in names) / len(names)


def recall(truth, predicted):
    return {
        s: sum(p == s for t, p in zip(truth, predicted) if t == s) / n
        for s, n in sorted(Counter(truth).items())
    }


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "cases")
    cases = load(directory)
    names = [n for n, _, _ in cases]
    chose = [c for _, c, _ in cases]
    print(f"{len(cases)} single-profile cases")
    print(f"  catalog, in sample: {100 * catalog_agreement(directory, names):.1f}%")
    for label, keep in (("every stated field", lambda _: True),
                        ("without `current`", lambda k: not k.startswith("current="))):
        rows = [{k: v for k, v in f.items() if keep(k)} for _, _, f in cases]
        x = DictVectorizer(sparse=False).fit_transform(rows)
        print(f"{label} ({x.shape[1]} feature columns), 5 folds:")
        classify(x, chose)


def classify(x, chose):
    models = {
        "most common choice": DummyClassifier(strategy="most_frequent"),
        "logistic regression": LogisticRegression(C=0.3, max_iter=5000),
        "logistic regression, balanced": LogisticRegression(
            C=0.3, max_iter=5000, class_weight="balanced"),
        "random forest": RandomForestClassifier(500, random_state=0),
        "random forest, balanced": RandomForestClassifier(
            500, random_state=0, class_weight="balanced"),
    }
    for label, model in models.items():
        scores, recalls = [], Counter()
        for seed in SEEDS:
            folds = StratifiedKFold(5, shuffle=True, random_state=seed)
            predicted = cross_val_predict(model, x, chose, cv=folds)
            scores.append(sum(p == t for p, t in zip(predicted, chose)) / len(chose))
            recalls.update(recall(chose, predicted))
        per = " ".join(f"{s} {100 * r / len(SEEDS):.0f}" for s, r in sorted(recalls.items()))
        print(f"  {label}: {100 * min(scores):.1f}-{100 * max(scores):.1f}%"
              f"  (recall: {per})")


if __name__ == "__main__":
    main()
