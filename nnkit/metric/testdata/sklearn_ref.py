#!/usr/bin/python3
"""Writes metrics.json: reference values for the metric tests.

Run from this directory with Debian's python3-sklearn (1.2.1):

    /usr/bin/python3 sklearn_ref.py

The inputs are drawn here with a fixed seed and stored in the JSON next to
the outputs.
"""
import json

import numpy as np
import sklearn
from sklearn import metrics

rng = np.random.RandomState(0)

# Classification: 4 classes; class 3 is never predicted (its precision is
# 0/0, which scikit-learn reports as 0 with zero_division=0).
y_true = rng.randint(0, 4, 60)
y_pred = np.where(rng.uniform(size=60) < 0.6, y_true, rng.randint(0, 3, 60))
p, r, f, support = metrics.precision_recall_fscore_support(y_true, y_pred, labels=[0, 1, 2, 3], zero_division=0)

# Regression: two outputs.
t = rng.normal(size=(25, 2)) * [1.0, 10.0]
pr = t + rng.normal(size=(25, 2)) * [0.3, 5.0]

# Binary scores with ties (rounded to one decimal).
b_true = rng.randint(0, 2, 40)
b_score = np.round(rng.uniform(size=40) * 0.6 + b_true * 0.4, 1)
fpr, tpr, _ = metrics.roc_curve(b_true, b_score, drop_intermediate=False)

out = {
    "sklearn_version": sklearn.__version__,
    "classification": {
        "y_true": y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "confusion": metrics.confusion_matrix(y_true, y_pred, labels=[0, 1, 2, 3]).tolist(),
        "accuracy": metrics.accuracy_score(y_true, y_pred),
        "precision": p.tolist(),
        "recall": r.tolist(),
        "f1": f.tolist(),
        "macro_f1": metrics.f1_score(y_true, y_pred, labels=[0, 1, 2, 3], average="macro", zero_division=0),
        "support": support.tolist(),
        "micro": list(metrics.precision_recall_fscore_support(y_true, y_pred, labels=[0, 1, 2, 3], average="micro", zero_division=0)[:3]),
        "weighted": list(metrics.precision_recall_fscore_support(y_true, y_pred, labels=[0, 1, 2, 3], average="weighted", zero_division=0)[:3]),
    },
    "regression": {
        "y_true": t.tolist(),
        "y_pred": pr.tolist(),
        "mse": metrics.mean_squared_error(t, pr),
        "mae": metrics.mean_absolute_error(t, pr),
        "r2": metrics.r2_score(t, pr),
    },
    "roc": {
        "y_true": b_true.tolist(),
        "score": b_score.tolist(),
        "fpr": fpr.tolist(),
        "tpr": tpr.tolist(),
        "auc": metrics.roc_auc_score(b_true, b_score),
    },
}
with open("metrics.json", "w") as f:
    json.dump(out, f, indent=1)
