"""PyTorch twins of VvsNotebook's zoo models (src/VvsNotebook.Training/Models/), with the same layers and state names.

The reference side of the checkpoint tests, and a way for Python users to rebuild an exported model:

    import json, torch, vvs_zoo
    card = json.load(open("model.json"))               # the sidecar `vvs export` writes beside model.pt
    model = vvs_zoo.create(card["arch"], card["width"], card.get("depth"), card["input"]["channels"],
                           card["input"]["size"], card["num_classes"])
    model.load_state_dict(torch.load("model.pt", weights_only=True))
"""
import collections

import torch
from torch import nn


def scale(channels, width):
    # C#'s Math.Round and Python's round both round halves to even.
    return max(1, int(round(channels * width)))


class SmallCnn(nn.Module):
    def __init__(self, width=1.0, channels=1, size=28, num_classes=10):
        super().__init__()
        c1, c2 = scale(16, width), scale(32, width)
        self.features = nn.Sequential(
            nn.Conv2d(channels, c1, 3, padding=1, bias=False), nn.BatchNorm2d(c1), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 3, padding=1, bias=False), nn.BatchNorm2d(c2), nn.ReLU(inplace=True), nn.MaxPool2d(2))
        self.classifier = nn.Linear(c2 * (size // 4) ** 2, num_classes)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


class BasicBlock(nn.Module):
    expansion = 1

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


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, in_planes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or in_planes != planes * 4:
            self.downsample = nn.Sequential(nn.Conv2d(in_planes, planes * 4, 1, stride, bias=False), nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out.add_(identity))


RESNET_DEPTHS = {10: ([1, 1, 1, 1], BasicBlock), 18: ([2, 2, 2, 2], BasicBlock), 34: ([3, 4, 6, 3], BasicBlock),
                 50: ([3, 4, 6, 3], Bottleneck), 101: ([3, 4, 23, 3], Bottleneck), 152: ([3, 8, 36, 3], Bottleneck)}


class ResNet(nn.Module):
    """torchvision's ResNet v1.5 with a width multiplier; inputs up to 64 px get a 3x3 stride-1 stem and no max-pool."""

    def __init__(self, depth=18, width=1.0, channels=1, size=28, num_classes=10):
        super().__init__()
        blocks, block = RESNET_DEPTHS[depth]
        small = size <= 64
        stem = scale(64, width)
        self.conv1 = nn.Conv2d(channels, stem, 3, 1, 1, bias=False) if small else nn.Conv2d(channels, stem, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.Identity() if small else nn.MaxPool2d(3, 2, 1)
        self.in_planes = stem
        self.layer1 = self._stage(block, scale(64, width), blocks[0], 1)
        self.layer2 = self._stage(block, scale(128, width), blocks[1], 2)
        self.layer3 = self._stage(block, scale(256, width), blocks[2], 2)
        self.layer4 = self._stage(block, scale(512, width), blocks[3], 2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(self.in_planes, num_classes)
        del self.in_planes

    def _stage(self, block, planes, count, stride):
        layers = []
        for i in range(count):
            layers.append(block(self.in_planes, planes, stride if i == 0 else 1))
            self.in_planes = planes * block.expansion
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(self.avgpool(x).flatten(1))


class AlexNet(nn.Module):
    def __init__(self, width=1.0, channels=1, size=28, num_classes=10, dropout=0.5):
        super().__init__()
        c1, c2, c3, c4, hidden = (scale(c, width) for c in (64, 192, 384, 256, 4096))
        self.features = nn.Sequential(
            nn.Conv2d(channels, c1, 3, 1, 1) if size <= 64 else nn.Conv2d(channels, c1, 11, 4, 2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2),
            nn.Conv2d(c1, c2, 5, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2),
            nn.Conv2d(c2, c3, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(c3, c4, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(c4, c4, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2))
        self.avgpool = nn.AdaptiveAvgPool2d(6)
        self.classifier = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(c4 * 36, hidden), nn.ReLU(inplace=True),
            nn.Dropout(dropout), nn.Linear(hidden, hidden), nn.ReLU(inplace=True), nn.Linear(hidden, num_classes))

    def forward(self, x):
        return self.classifier(self.avgpool(self.features(x)).flatten(1))


class Attention(nn.Module):
    """timm's multi-head self-attention: one qkv projection, scaled dot product per head, an output proj."""
    macs = 0  # the two matmuls' multiply-accumulates since the last reset (Linear layers are counted by hooks)

    def __init__(self, dim, heads):
        super().__init__()
        assert dim % heads == 0, f"dim {dim} is not a multiple of heads {heads}"
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        attn = (q * hd ** -0.5) @ k.transpose(-2, -1)
        Attention.macs += attn.numel() * hd
        out = attn.softmax(-1) @ v
        Attention.macs += out.numel() * n
        return self.proj(out.transpose(1, 2).reshape(b, n, d))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio=4):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(collections.OrderedDict(
            fc1=nn.Linear(dim, dim * mlp_ratio), act=nn.GELU(), fc2=nn.Linear(dim * mlp_ratio, dim)))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    """The zoo's ViT: patch embedding (patch 4 up to 64 px, else 16), class token, learned positions, pre-norm
    blocks, final LayerNorm, head on the class token. State names as C#'s (patch_embed is the conv itself)."""

    def __init__(self, dim, depth, heads, channels=1, size=28, num_classes=10):
        super().__init__()
        patch = 4 if size <= 64 else 16
        tokens = (size // patch) ** 2 + 1
        self.patch_embed = nn.Conv2d(channels, dim, patch, patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens, dim))
        self.blocks = nn.Sequential(*[Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        x = self.patch_embed(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], 1) + self.pos_embed
        return self.head(self.norm(self.blocks(x))[:, 0])


def create(arch, width=1.0, depth=None, channels=1, size=28, num_classes=10):
    """The zoo's model by its C# name (small_cnn, alexnet, resnet10..152 or resnet with a depth)."""
    arch = arch.lower()
    if arch == "small_cnn":
        return SmallCnn(width, channels, size, num_classes)
    if arch == "alexnet":
        return AlexNet(width, channels, size, num_classes)
    if arch.startswith("resnet"):
        return ResNet(int(arch[6:]) if len(arch) > 6 else (depth or 18), width, channels, size, num_classes)
    raise ValueError(f"vvs_zoo has no Python twin of '{arch}' (small_cnn, alexnet, resnet)")
