// Precompiled once: libtorch's headers dominate the shim's compile time.
#pragma once
#include <torch/torch.h>
#include <ATen/ATen.h>
#include <cstring>
#include <string>
#include <vector>
