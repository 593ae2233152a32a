"""PyTorch side of the ViT family tests (tests/VvsNotebook.Training.Tests/Encoding/VitFamilyTests.cs), run with Debian's
python3-torch: builds vvs_zoo's ViT twin for DIM DEPTH HEADS [CHANNELS SIZE CLASSES] and prints, as JSON, its state
names and shapes, its trainable parameters and the multiply-accumulates of one forward pass of one image (Conv2d and
Linear outputs x their fan-in, by forward hooks, plus the twin's own count of the attention matmuls)."""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vvs_zoo  # noqa: E402


def main():
    dim, depth, heads = (int(a) for a in sys.argv[1:4])
    channels, size, classes = (int(a) for a in sys.argv[4:7]) if len(sys.argv) > 4 else (1, 28, 10)
    model = vvs_zoo.VisionTransformer(dim, depth, heads, channels, size, classes).eval()
    macs = [0]

    def hook(module, _, output):
        if isinstance(module, torch.nn.Conv2d):
            macs[0] += output.numel() * (module.in_channels // module.groups) * module.kernel_size[0] * module.kernel_size[1]
        else:
            macs[0] += output.numel() * module.in_features

    for m in model.modules():
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            m.register_forward_hook(hook)
    vvs_zoo.Attention.macs = 0
    with torch.no_grad():
        model(torch.zeros(1, channels, size, size))
    print(json.dumps({
        "parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "macs": macs[0] + vvs_zoo.Attention.macs,
        "state": [[k, list(v.shape)] for k, v in model.state_dict().items()],
    }))


if __name__ == "__main__":
    main()
