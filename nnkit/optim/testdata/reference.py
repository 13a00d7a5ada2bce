#!/usr/bin/python3
"""Reference steps for the optimizers of nnkit/optim.

Writes reference.json: for each case, the parameter after each of three steps
on a fixed 2×3 start and a fixed sequence of three gradients, in float64.

SGD, Momentum, Nesterov, AdaGrad, RMSProp, AdaDelta, Adam and AMSGrad come
from PyTorch's torch.optim (Debian's python3-torch). AdaBound and AMSBound are
not in PyTorch: they are computed below in plain Python, element by element,
from the bounds of Luo et al. (ICLR 2019) and the update of the authors'
reference implementation (https://github.com/Luolc/AdaBound, adabound.py),
including its scaling of final_lr by lr/base_lr.

Each case gives the hyperparameters under the Go field names, so the Go test
decodes them straight into the optimizer struct, and "lrs", the learning rate
set before each step (a schedule at work).

Run from this directory: /usr/bin/python3 reference.py
"""

import json
import math

import torch

THETA0 = [[0.5, -1.5, 2.0], [0.0, 0.25, -0.75]]
GRADS = [
    [[0.1, -0.2, 0.3], [1.5, -0.05, 0.0]],
    [[-0.3, 0.1, 0.25], [0.8, 0.02, 1e-3]],
    [[0.2, -0.4, -0.1], [-1.2, 0.07, -2e-3]],
]


def torch_steps(make, lrs):
    """Runs a torch optimizer made by make([p]) for len(lrs) steps."""
    p = torch.tensor(THETA0, dtype=torch.float64, requires_grad=True)
    opt = make([p])
    out = []
    for lr, g in zip(lrs, GRADS):
        for group in opt.param_groups:
            group["lr"] = lr
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        out.append(p.detach().tolist())
    return out


def adabound_steps(h, lrs, amsbound):
    """AdaBound/AMSBound, one element at a time, in plain Python floats."""
    lr0 = h["LearningRate"]  # base_lr: the learning rate at construction
    b1, b2, eps = h["Beta1"], h["Beta2"], h["Epsilon"]
    final0, gamma, wd = h["FinalLearningRate"], h["Gamma"], h.get("WeightDecay", 0.0)
    theta = [row[:] for row in THETA0]
    m = [[0.0] * 3 for _ in range(2)]
    v = [[0.0] * 3 for _ in range(2)]
    vmax = [[0.0] * 3 for _ in range(2)]
    out = []
    for t, (lr, g) in enumerate(zip(lrs, GRADS), start=1):
        final = final0 * lr / lr0
        lower = final * (1 - 1 / (gamma * t + 1))
        upper = final * (1 + 1 / (gamma * t))
        step = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
        for i in range(2):
            for j in range(3):
                gij = g[i][j] + wd * theta[i][j]
                m[i][j] = b1 * m[i][j] + (1 - b1) * gij
                v[i][j] = b2 * v[i][j] + (1 - b2) * gij * gij
                vmax[i][j] = max(vmax[i][j], v[i][j])
                denom = math.sqrt(vmax[i][j] if amsbound else v[i][j]) + eps
                alpha = min(max(step / denom, lower), upper)
                theta[i][j] -= alpha * m[i][j]
        out.append([row[:] for row in theta])
    return out


def torch_case(name, optimizer, hyper, lrs, make):
    return {"name": name, "optimizer": optimizer, "hyper": hyper, "lrs": lrs,
            "steps": torch_steps(make, lrs), "source": "torch " + torch.__version__}


def bound_case(name, optimizer, hyper, lrs):
    return {"name": name, "optimizer": optimizer, "hyper": hyper, "lrs": lrs,
            "steps": adabound_steps(hyper, lrs, optimizer == "AMSBound"),
            "source": "reference.py adabound_steps (hand-derived)"}


def cases():
    o = torch.optim
    yield torch_case("sgd", "SGD", {"LearningRate": 0.1}, [0.1] * 3,
                     lambda p: o.SGD(p, lr=0.1))
    yield torch_case("sgd_decay", "SGD", {"LearningRate": 0.05, "WeightDecay": 0.1},
                     [0.05, 0.05, 0.02], lambda p: o.SGD(p, lr=0.05, weight_decay=0.1))
    for name, nesterov in (("Momentum", False), ("Nesterov", True)):
        key = name.lower()
        yield torch_case(key, name, {"LearningRate": 0.1, "Momentum": 0.9}, [0.1] * 3,
                         lambda p: o.SGD(p, lr=0.1, momentum=0.9, nesterov=nesterov))
        yield torch_case(key + "_decay", name,
                         {"LearningRate": 0.05, "Momentum": 0.5, "WeightDecay": 0.1},
                         [0.05, 0.05, 0.02],
                         lambda p: o.SGD(p, lr=0.05, momentum=0.5, weight_decay=0.1,
                                         nesterov=nesterov))
    yield torch_case("adagrad", "AdaGrad", {"LearningRate": 0.01, "Epsilon": 1e-10},
                     [0.01] * 3, lambda p: o.Adagrad(p, lr=0.01, eps=1e-10))
    yield torch_case("adagrad_decay", "AdaGrad",
                     {"LearningRate": 0.5, "Epsilon": 1e-6, "WeightDecay": 0.1},
                     [0.5, 0.5, 0.2],
                     lambda p: o.Adagrad(p, lr=0.5, eps=1e-6, weight_decay=0.1))
    yield torch_case("rmsprop", "RMSProp", {"LearningRate": 0.01, "Rho": 0.99, "Epsilon": 1e-8},
                     [0.01] * 3, lambda p: o.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8))
    yield torch_case("rmsprop_decay", "RMSProp",
                     {"LearningRate": 0.1, "Rho": 0.9, "Epsilon": 1e-6, "WeightDecay": 0.1},
                     [0.1, 0.1, 0.05],
                     lambda p: o.RMSprop(p, lr=0.1, alpha=0.9, eps=1e-6, weight_decay=0.1))
    yield torch_case("adadelta", "AdaDelta", {"LearningRate": 1.0, "Rho": 0.9, "Epsilon": 1e-6},
                     [1.0] * 3, lambda p: o.Adadelta(p, lr=1.0, rho=0.9, eps=1e-6))
    yield torch_case("adadelta_decay", "AdaDelta",
                     {"LearningRate": 0.5, "Rho": 0.95, "Epsilon": 1e-5, "WeightDecay": 0.1},
                     [0.5, 0.5, 0.2],
                     lambda p: o.Adadelta(p, lr=0.5, rho=0.95, eps=1e-5, weight_decay=0.1))
    for name, ams in (("Adam", False), ("AMSGrad", True)):
        key = name.lower()
        yield torch_case(key, name,
                         {"LearningRate": 1e-3, "Beta1": 0.9, "Beta2": 0.999, "Epsilon": 1e-8},
                         [1e-3] * 3, lambda p: o.Adam(p, lr=1e-3, amsgrad=ams))
        yield torch_case(key + "_decay", name,
                         {"LearningRate": 0.1, "Beta1": 0.8, "Beta2": 0.5, "Epsilon": 1e-6,
                          "WeightDecay": 0.1},
                         [0.1, 0.1, 0.05],
                         lambda p: o.Adam(p, lr=0.1, betas=(0.8, 0.5), eps=1e-6,
                                          weight_decay=0.1, amsgrad=ams))
    for name in ("AdaBound", "AMSBound"):
        key = name.lower()
        yield bound_case(key, name,
                         {"LearningRate": 1e-3, "FinalLearningRate": 0.1, "Gamma": 1e-3,
                          "Beta1": 0.9, "Beta2": 0.999, "Epsilon": 1e-8}, [1e-3] * 3)
        # γ = 0.5 makes both bounds bite in the first steps; β₂ = 0.5 lets v
        # decrease, so AMSBound's maximum matters; the last step halves the
        # learning rate, which halves the final rate too.
        yield bound_case(key + "_clipped", name,
                         {"LearningRate": 0.01, "FinalLearningRate": 0.1, "Gamma": 0.5,
                          "Beta1": 0.9, "Beta2": 0.5, "Epsilon": 1e-8, "WeightDecay": 0.1},
                         [0.01, 0.01, 0.005])


def main():
    torch.set_default_dtype(torch.float64)
    doc = {"theta0": THETA0, "grads": GRADS, "cases": list(cases())}
    with open("reference.json", "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
