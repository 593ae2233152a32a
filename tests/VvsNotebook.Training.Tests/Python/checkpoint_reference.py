"""PyTorch side of the checkpoint tests (tests/VvsNotebook.Training.Tests/PyTorchCheckpointTests.cs), run with Debian's
python3-torch (/usr/bin/python3).

  save     build a zoo twin (vvs_zoo.py) from a seed and write its weights in the forms torch.save users produce
  forward  load a checkpoint into a twin and write, per input .npy (PATH or PATH=layer,layer), each layer's eval-mode
           output (images x features) to OUT/<input name>/<layer>.npy
  rename   rewrite a checkpoint's names (prefix swaps), as other code bases name the same tensors
"""
import argparse
import collections
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vvs_zoo  # noqa: E402


def build(args):
    return vvs_zoo.create(args.arch, args.width, args.depth, args.channels, args.size, args.classes)


def save(args):
    torch.manual_seed(args.seed)
    model = build(args)
    # Random batch-norm statistics and affine terms, so eval-mode outputs depend on every buffer being loaded.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.num_batches_tracked.fill_(17)
    os.makedirs(args.out, exist_ok=True)
    out = lambda name: os.path.join(args.out, name)
    torch.save(model.state_dict(), out("plain.pt"))
    # state_dict() shares the live tensors: keep a copy before the optimizer step below changes them.
    state = collections.OrderedDict((k, v.clone()) for k, v in model.state_dict().items())
    # A training script's checkpoint: DataParallel names, the optimizer's state (after one step), bookkeeping.
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model.train()
    model(torch.randn(2, args.channels, args.size, args.size)).sum().backward()
    optimizer.step()
    model.load_state_dict(state)
    parallel = collections.OrderedDict(("module." + k, v) for k, v in state.items())
    torch.save({"epoch": 7, "arch": args.arch, "state_dict": parallel, "optimizer": optimizer.state_dict(),
                "best_acc1": torch.tensor(0.5)}, out("nested.pt"))
    compiled = collections.OrderedDict(("_orig_mod." + k, v) for k, v in state.items())
    torch.save({"model_state_dict": compiled, "epoch": 2}, out("model_state_dict.pt"))
    torch.save(state, out("protocol4.pt"), pickle_protocol=4)
    torch.save(state, out("legacy.pt"), _use_new_zipfile_serialization=False)
    torch.save(model, out("whole.pt"))
    dump(state, out("tensors"))


def dump(state, folder):
    os.makedirs(folder, exist_ok=True)
    for name, tensor in state.items():
        np.save(os.path.join(folder, name + ".npy"), tensor.numpy())
    with open(os.path.join(folder, "names.json"), "w") as f:
        json.dump(list(state.keys()), f)


def forward(args):
    torch.set_num_threads(1)
    state = torch.load(args.checkpoint, map_location="cpu", weights_only=args.weights_only)
    model = build(args)
    model.load_state_dict(state, strict=True)
    model.eval()
    if args.dump_tensors:
        dump(state, os.path.join(args.out, "tensors"))
    modules = dict(model.named_modules())
    latest = {}

    def hook(name):
        # The last call's output (a block's relu runs twice), copied now: in-place ops later overwrite it.
        def keep(_, __, output):
            latest[name] = output.detach().reshape(output.shape[0], -1).clone()
        return keep

    handles = [modules[n].register_forward_hook(hook(n)) for n in modules if n]
    for spec in args.inputs:
        path, _, layers = spec.partition("=")
        names = [n for n in modules if n] if layers in ("", "all") else layers.split(",")
        x = torch.from_numpy(np.load(path).astype(np.float32))
        rows = {n: [] for n in names}
        with torch.no_grad():
            for start in range(0, x.shape[0], 64):
                latest.clear()
                model(x[start:start + 64])
                for n in names:
                    rows[n].append(latest[n])
        folder = os.path.join(args.out, os.path.splitext(os.path.basename(path))[0])
        os.makedirs(folder, exist_ok=True)
        for n in names:
            np.save(os.path.join(folder, n + ".npy"), torch.cat(rows[n]).numpy())
        with open(os.path.join(folder, "layers.json"), "w") as f:
            json.dump(names, f)
    for h in handles:
        h.remove()


def rename(args):
    state = torch.load(args.checkpoint, map_location="cpu", weights_only=True)
    renamed = collections.OrderedDict()
    for name, tensor in state.items():
        for rule in args.rule:
            old, new = rule.split("=", 1)
            if name.startswith(old):
                name = new + name[len(old):]
        renamed[args.prefix + name] = tensor
    torch.save(renamed, args.out)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("save", "forward"):
        p = sub.add_parser(name)
        p.add_argument("--arch", required=True)
        p.add_argument("--width", type=float, default=1.0)
        p.add_argument("--depth", type=int)
        p.add_argument("--channels", type=int, default=1)
        p.add_argument("--size", type=int, default=28)
        p.add_argument("--classes", type=int, default=10)
        p.add_argument("--out", required=True)
    p = sub.choices["save"]
    p.add_argument("--seed", type=int, default=0)
    p = sub.choices["forward"]
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--inputs", nargs="+", required=True, help="PATH (every layer) or PATH=LAYER,LAYER")
    p.add_argument("--weights-only", action="store_true")
    p.add_argument("--dump-tensors", action="store_true")
    p = sub.add_parser("rename")
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--rule", action="append", default=[], help="OLD=NEW, applied to names starting with OLD")
    p.add_argument("--prefix", default="")
    args = parser.parse_args()
    {"save": save, "forward": forward, "rename": rename}[args.command](args)


if __name__ == "__main__":
    main()
