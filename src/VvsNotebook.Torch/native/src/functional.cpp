// torch.nn.functional: the stateless layer ops the managed modules are built from, and parameter initialisation.
#include "vvstorch.h"

using vvs::dims;
using vvs::optional;

VVS_API TensorHandle vvs_conv2d(TensorHandle x, TensorHandle w, TensorHandle b, const int64_t* stride,
                                const int64_t* padding, const int64_t* dilation, int64_t groups) {
  VVS_TENSOR(at::conv2d(*x, *w, optional(b), dims(stride, 2), dims(padding, 2), dims(dilation, 2), groups))
}
VVS_API TensorHandle vvs_linear(TensorHandle x, TensorHandle w, TensorHandle b) { VVS_TENSOR(at::linear(*x, *w, optional(b))) }
VVS_API TensorHandle vvs_batch_norm(TensorHandle x, TensorHandle w, TensorHandle b, TensorHandle mean, TensorHandle var,
                                    bool training, double momentum, double eps) {
  VVS_TENSOR(at::batch_norm(*x, optional(w), optional(b), optional(mean), optional(var), training, momentum, eps, false))
}
VVS_API TensorHandle vvs_layer_norm(TensorHandle x, const int64_t* shape, int n, TensorHandle w, TensorHandle b, double eps) {
  VVS_TENSOR(at::layer_norm(*x, dims(shape, n), optional(w), optional(b), eps, false))
}
VVS_API TensorHandle vvs_relu(TensorHandle x) { VVS_TENSOR(at::relu(*x)) }
VVS_API TensorHandle vvs_relu_(TensorHandle x) { VVS_TENSOR(at::relu_(*x)) }
VVS_API TensorHandle vvs_gelu(TensorHandle x, bool tanh) { VVS_TENSOR(at::gelu(*x, tanh ? "tanh" : "none")) }
VVS_API TensorHandle vvs_max_pool2d(TensorHandle x, const int64_t* kernel, const int64_t* stride, const int64_t* padding, bool ceil_mode) {
  VVS_TENSOR(at::max_pool2d(*x, dims(kernel, 2), dims(stride, 2), dims(padding, 2), {1, 1}, ceil_mode))
}
VVS_API TensorHandle vvs_avg_pool2d(TensorHandle x, const int64_t* kernel, const int64_t* stride, const int64_t* padding) {
  VVS_TENSOR(at::avg_pool2d(*x, dims(kernel, 2), dims(stride, 2), dims(padding, 2)))
}
VVS_API TensorHandle vvs_adaptive_avg_pool2d(TensorHandle x, const int64_t* size) { VVS_TENSOR(at::adaptive_avg_pool2d(*x, dims(size, 2))) }
VVS_API TensorHandle vvs_dropout(TensorHandle x, double p, bool training) { VVS_TENSOR(at::dropout(*x, p, training)) }
VVS_API TensorHandle vvs_softmax(TensorHandle x, int64_t dim) { VVS_TENSOR(at::softmax(*x, dim)) }
VVS_API TensorHandle vvs_log_softmax(TensorHandle x, int64_t dim) { VVS_TENSOR(at::log_softmax(*x, dim)) }
VVS_API TensorHandle vvs_cross_entropy(TensorHandle logits, TensorHandle target, double label_smoothing) {
  VVS_TENSOR(at::cross_entropy_loss(*logits, *target, c10::nullopt, at::Reduction::Mean, -100, label_smoothing))
}
VVS_API TensorHandle vvs_mse_loss(TensorHandle x, TensorHandle y) { VVS_TENSOR(at::mse_loss(*x, *y)) }

// ---- initialisation (in place, no grad; same semantics as torch.nn.init) ----
namespace {
torch::nn::init::NonlinearityType nonlinearity(int code) {
  if (code == 1) return torch::kReLU;
  return torch::kLeakyReLU;
}
}  // namespace

// mode: 0 fan_in, 1 fan_out; nonlinearity: 0 leaky_relu, 1 relu.
VVS_API int vvs_init_kaiming_uniform_(TensorHandle t, double a, int mode, int nl) {
  VVS_STATUS(torch::nn::init::kaiming_uniform_(*t, a, mode == 0 ? torch::nn::init::FanModeType(torch::kFanIn) : torch::kFanOut, nonlinearity(nl)))
}
VVS_API int vvs_init_kaiming_normal_(TensorHandle t, double a, int mode, int nl) {
  VVS_STATUS(torch::nn::init::kaiming_normal_(*t, a, mode == 0 ? torch::nn::init::FanModeType(torch::kFanIn) : torch::kFanOut, nonlinearity(nl)))
}
VVS_API int vvs_init_uniform_(TensorHandle t, double low, double high) { VVS_STATUS(torch::nn::init::uniform_(*t, low, high)) }
VVS_API int vvs_init_normal_(TensorHandle t, double mean, double std) { VVS_STATUS(torch::nn::init::normal_(*t, mean, std)) }
VVS_API int vvs_init_trunc_normal_(TensorHandle t, double std) {
  // Same as timm's trunc_normal_(std, a=-2, b=2): sample in [-2, 2] before scaling is not what timm does; it
  // truncates at absolute +-2, which for small std is effectively a plain normal. Match that.
  VVS_STATUS({
    at::NoGradGuard g;
    t->normal_(0.0, std).clamp_(-2.0, 2.0);
  })
}
