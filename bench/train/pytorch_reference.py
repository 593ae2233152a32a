#!/usr/bin/python3
"""PyTorch 1.13 side of the training-throughput benchmark (Debian python3-torch, the same libtorch).

Builds the same ResNet-flex as VvsNotebook's ModelZoo (torchvision ResNet layout, width multiplier, small-input
stem: 3x3 stride-1 conv, no max-pool) and times SGD steps on a fixed random batch. With --serve it prints one JSON
header line, then runs one step per "step" line read from stdin and answers with its seconds, so the caller can
alternate single steps with its own and both sides see the same machine load ("step bf16" steps a second model
of the same initialisation under CPU bf16 autocast, given --bf16). Without --serve it runs warm-up + timed steps and
prints one JSON line.
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# The zoo's Python twin (python/vvs_zoo.py, copied beside this script: the C# ModelZoo's layers and state names).
import vvs_zoo


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--depth", type=int, default=18)
    p.add_argument("--width", type=float, default=0.25)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--serve", action="store_true")
    p.add_argument("--bf16", action="store_true", help="also a bf16-autocast model (fp32 weights), stepped by 'step bf16'")
    a = p.parse_args()

    torch.set_num_threads(a.threads)

    def trainer(bf16):
        torch.manual_seed(0)
        model = vvs_zoo.create('resnet', a.width, a.depth, a.channels, a.size, 10)
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)

        def step():
            start = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            # CPU autocast (PyTorch >= 1.10): convolutions and linear layers in bf16, weights kept fp32.
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            loss.item()
            return time.perf_counter() - start

        return model, step

    torch.manual_seed(0)
    x = torch.randn(a.batch, a.channels, a.size, a.size)
    y = torch.randint(0, 10, (a.batch,))
    model, step = trainer(False)
    steps = {"step": step}
    if a.bf16:
        steps["step bf16"] = trainer(True)[1]

    header = {"torch": torch.__version__, "threads": torch.get_num_threads(),
              "parameters": sum(p.numel() for p in model.parameters())}
    if a.serve:
        print(json.dumps(header), flush=True)
        for line in sys.stdin:
            run = steps.get(line.strip())
            if run is None:
                break
            print(repr(run()), flush=True)
        return
    result = dict(header)
    for name, run in steps.items():
        result[name.replace(" ", "_") + "_seconds"] = [run() for _ in range(a.warmup + a.steps)][a.warmup:]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
