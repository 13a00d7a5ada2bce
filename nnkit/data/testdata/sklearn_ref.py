#!/usr/bin/python3
"""Writes scalers.json: reference values for the scaler tests.

Run from this directory with Debian's python3-sklearn (1.2.1):

    /usr/bin/python3 sklearn_ref.py

The inputs are drawn here with a fixed seed and stored in the JSON next to
the outputs, so the Go tests read both.
"""
import json

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, StandardScaler

rng = np.random.RandomState(0)
# Three features on very different scales, one of them negative-valued, and a
# constant fourth feature (its scale must become 1).
train = np.column_stack([
    rng.uniform(18, 80, 12),             # age
    rng.uniform(2e6, 2e7, 12),           # salary
    rng.normal(-3.0, 0.5, 12),           # a negative feature
    np.full(12, 7.0),                    # constant
])
test = np.column_stack([
    rng.uniform(10, 90, 5),
    rng.uniform(1e6, 3e7, 5),
    rng.normal(-3.0, 1.0, 5),
    rng.uniform(6, 8, 5),
])

std = StandardScaler().fit(train)
mm = MinMaxScaler(feature_range=(-1, 2)).fit(train)
ma = MaxAbsScaler().fit(train)
# PCA on the first three (non-constant) features; scikit-learn's
# explained_variance_ uses the sample covariance (divide by n - 1).
pca = PCA().fit(train[:, :3])
# Whitened PCA: z = (x - mean) V / sqrt(explained_variance_), the sample
# covariance again; components may differ from nnkit's by their sign.
pcaw = PCA(whiten=True).fit(train[:, :3])

out = {
    "sklearn_version": sklearn.__version__,
    "train": train.tolist(),
    "test": test.tolist(),
    "standard": {
        "mean": std.mean_.tolist(),
        "scale": std.scale_.tolist(),
        "train": std.transform(train).tolist(),
        "test": std.transform(test).tolist(),
    },
    "minmax": {
        "low": -1, "high": 2,
        "data_min": mm.data_min_.tolist(),
        "data_max": mm.data_max_.tolist(),
        "train": mm.transform(train).tolist(),
        "test": mm.transform(test).tolist(),
    },
    "maxabs": {
        "scale": ma.scale_.tolist(),
        "train": ma.transform(train).tolist(),
        "test": ma.transform(test).tolist(),
    },
    "pca": {
        "explained_variance": pca.explained_variance_.tolist(),
        "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
        "n": len(train),
        "whiten_train": pcaw.transform(train[:, :3]).tolist(),
        "whiten_test": pcaw.transform(test[:, :3]).tolist(),
    },
}
with open("scalers.json", "w") as f:
    json.dump(out, f, indent=1)
