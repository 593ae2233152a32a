// Autograd: backward, gradients and the thread-local grad mode behind torch.no_grad().
#include "vvstorch.h"

VVS_API int vvs_backward(TensorHandle t) { VVS_STATUS(t->backward()) }

// Null with no pending error means "no gradient yet" (Python's None).
VVS_API TensorHandle vvs_tensor_grad(TensorHandle t) {
  try {
    const auto& g = t->grad();
    if (!g.defined()) return nullptr;
    return vvs::wrap(at::Tensor(g));
  }
  VVS_CATCH(nullptr)
}
VVS_API int vvs_tensor_zero_grad(TensorHandle t) {
  VVS_STATUS({
    auto& g = t->mutable_grad();
    if (g.defined()) g = at::Tensor();
  })
}

VVS_API bool vvs_grad_enabled() { return at::GradMode::is_enabled(); }
VVS_API void vvs_set_grad_enabled(bool enabled) { at::GradMode::set_enabled(enabled); }
