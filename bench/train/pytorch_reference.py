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


def scale(channels, width):
    return max(1, int(round(channels * width)))


class BasicBlock(nn.Module):
    def __init__(self, in_planes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or in_planes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(in_planes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out.add_(identity))


class ResNetFlex(nn.Module):
    def __init__(self, blocks, width, in_channels, num_classes, small):
        super().__init__()
        stem = scale(64, width)
        self.conv1 = nn.Conv2d(in_channels, stem, 3, 1, 1, bias=False) if small else nn.Conv2d(in_channels, stem, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.Identity() if small else nn.MaxPool2d(3, 2, 1)
        in_planes = stem
        stages = []
        for i, (count, stride) in enumerate(zip(blocks, (1, 2, 2, 2))):
            planes = scale(64 * 2 ** i, width)
            layers = []
            for b in range(count):
                layers.append(BasicBlock(in_planes, planes, stride if b == 0 else 1))
                in_planes = planes
            stages.append(nn.Sequential(*layers))
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(in_planes, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


DEPTHS = {10: [1, 1, 1, 1], 18: [2, 2, 2, 2], 34: [3, 4, 6, 3]}


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
        model = ResNetFlex(DEPTHS[a.depth], a.width, a.channels, 10, a.size <= 64)
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
