#!/usr/bin/python3
"""Writes torch.json: PyTorch's metric-learning losses and their gradients.

Run from this directory with Debian's python3-torch (1.13):

    /usr/bin/python3 torch_ref.py

Triplet: nn.TripletMarginLoss(margin, p=2, eps=0) (nnkit adds no eps).
Contrastive: PyTorch has no built-in one; the form of PyTorch code,
y·D² + (1−y)·relu(m − D)², averaged, written here with torch operations.
Gradients come from autograd, in float64.
"""
import json

import torch

torch.manual_seed(0)
n, d = 6, 3
emb = torch.randn(n, 3 * d, dtype=torch.float64)
emb[1, 2 * d:] = emb[1, :d] + 0.05  # a negative close to its anchor: hinge active
emb[4, d:2 * d] = emb[4, :d] + 3.0  # a far positive: hinge active
out = {"torch_version": torch.__version__}

trip = emb.clone().requires_grad_(True)
a, p, ng = trip[:, :d], trip[:, d:2 * d], trip[:, 2 * d:]
for margin in (1.0, 0.2):
    trip.grad = None
    loss = torch.nn.TripletMarginLoss(margin=margin, p=2, eps=0.0)(a, p, ng)
    loss.backward()
    out["triplet_margin_%g" % margin] = {"loss": loss.item(), "grad": trip.grad.tolist()}
out["triplets"] = emb.tolist()

pairs = emb[:, :2 * d].clone().requires_grad_(True)
y = torch.tensor([1.0, 0.0, 0.0, 1.0, 0.0, 1.0], dtype=torch.float64)
dist = (pairs[:, :d] - pairs[:, d:]).norm(dim=1)
margin = 2.5
loss = (y * dist ** 2 + (1 - y) * torch.relu(margin - dist) ** 2).mean()
loss.backward()
out["pairs"] = emb[:, :2 * d].tolist()
out["similar"] = y.tolist()
out["contrastive"] = {"margin": margin, "loss": loss.item(), "grad": pairs.grad.tolist()}
with open("torch.json", "w") as f:
    json.dump(out, f, indent=1)
