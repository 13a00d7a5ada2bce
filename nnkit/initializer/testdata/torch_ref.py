#!/usr/bin/python3
"""Writes torch.json: PyTorch's spread of xavier_normal_ and kaiming_uniform_.

Run from this directory with Debian's python3-torch (1.13):

    /usr/bin/python3 torch_ref.py

PyTorch stores a Linear weight as out×in; nnkit's W is in×out. For every
(in, out) the script draws a large torch tensor and records its sample
standard deviation and largest magnitude, and the values PyTorch's own fan
and gain helpers give.
"""
import json
import math

import torch
from torch.nn import init

torch.manual_seed(0)
out = {"torch_version": torch.__version__, "cases": []}
for fan_in, fan_out in [(200, 300), (784, 128), (10, 1000)]:
    w = torch.empty(fan_out, fan_in, dtype=torch.float64)
    fi, fo = init._calculate_fan_in_and_fan_out(w)
    init.xavier_normal_(w)
    xavier_std = w.std().item()
    init.kaiming_uniform_(w, mode="fan_in", nonlinearity="relu")
    out["cases"].append({
        "in": fan_in,
        "out": fan_out,
        "xavier_normal_sigma": math.sqrt(2.0 / float(fi + fo)),
        "xavier_normal_sample_std": xavier_std,
        "kaiming_uniform_bound": init.calculate_gain("relu") * math.sqrt(3.0 / fi),
        "kaiming_uniform_sample_max": w.abs().max().item(),
        "kaiming_uniform_sample_std": w.std().item(),
    })
with open("torch.json", "w") as f:
    json.dump(out, f, indent=1)
