// Tensor lifetime, creation, data transfer, shape ops, arithmetic and reductions.
#include "vvstorch.h"

using vvs::dims;

namespace {
at::TensorOptions opts(int dtype, bool requires_grad = false) {
  return at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)).requires_grad(requires_grad);
}
}  // namespace

VVS_API void vvs_tensor_free(TensorHandle t) { delete t; }

// ---- creation ----
VVS_API TensorHandle vvs_tensor_from_data(const void* data, const int64_t* shape, int ndim, int dtype) {
  VVS_TENSOR(at::from_blob(const_cast<void*>(data), dims(shape, ndim), opts(dtype)).clone())
}
VVS_API TensorHandle vvs_tensor_zeros(const int64_t* shape, int ndim, int dtype, bool rg) { VVS_TENSOR(at::zeros(dims(shape, ndim), opts(dtype, rg))) }
VVS_API TensorHandle vvs_tensor_ones(const int64_t* shape, int ndim, int dtype, bool rg) { VVS_TENSOR(at::ones(dims(shape, ndim), opts(dtype, rg))) }
VVS_API TensorHandle vvs_tensor_full(const int64_t* shape, int ndim, double value, int dtype, bool rg) { VVS_TENSOR(at::full(dims(shape, ndim), value, opts(dtype, rg))) }
VVS_API TensorHandle vvs_tensor_randn(const int64_t* shape, int ndim, int dtype, bool rg) { VVS_TENSOR(at::randn(dims(shape, ndim), opts(dtype, rg))) }
VVS_API TensorHandle vvs_tensor_rand(const int64_t* shape, int ndim, int dtype, bool rg) { VVS_TENSOR(at::rand(dims(shape, ndim), opts(dtype, rg))) }
VVS_API TensorHandle vvs_tensor_randint(int64_t low, int64_t high, const int64_t* shape, int ndim) { VVS_TENSOR(at::randint(low, high, dims(shape, ndim), opts((int)at::kLong))) }
VVS_API TensorHandle vvs_tensor_randperm(int64_t n) { VVS_TENSOR(at::randperm(n, opts((int)at::kLong))) }
VVS_API TensorHandle vvs_tensor_arange(double start, double end, double step, int dtype) { VVS_TENSOR(at::arange(start, end, step, opts(dtype))) }

// ---- information and data transfer ----
VVS_API int vvs_tensor_ndim(TensorHandle t) { return static_cast<int>(t->dim()); }
VVS_API void vvs_tensor_shape(TensorHandle t, int64_t* out) {
  for (int64_t i = 0; i < t->dim(); i++) out[i] = t->size(i);
}
VVS_API int vvs_tensor_dtype(TensorHandle t) { return static_cast<int>(t->scalar_type()); }
VVS_API int64_t vvs_tensor_numel(TensorHandle t) { return t->numel(); }
VVS_API bool vvs_tensor_defined(TensorHandle t) { return t->defined(); }
VVS_API int vvs_tensor_requires_grad(TensorHandle t) { return t->requires_grad() ? 1 : 0; }
VVS_API int vvs_tensor_set_requires_grad(TensorHandle t, bool value) { VVS_STATUS(t->set_requires_grad(value)) }
VVS_API int vvs_tensor_is_leaf(TensorHandle t) { return t->is_leaf() ? 1 : 0; }

// Copies the tensor's elements, in its own dtype and C order, into dst (nbytes must match exactly).
VVS_API int vvs_tensor_copy_to(TensorHandle t, void* dst, int64_t nbytes) {
  VVS_STATUS({
    auto c = t->detach().cpu().contiguous();
    TORCH_CHECK(static_cast<int64_t>(c.nbytes()) == nbytes, "copy_to: tensor holds ", c.nbytes(), " bytes, buffer has ", nbytes);
    std::memcpy(dst, c.data_ptr(), c.nbytes());
  })
}
VVS_API int vvs_tensor_item(TensorHandle t, double* out) { VVS_STATUS(*out = t->item<double>()) }

// ---- conversion ----
VVS_API TensorHandle vvs_tensor_to_dtype(TensorHandle t, int dtype) { VVS_TENSOR(t->to(static_cast<at::ScalarType>(dtype))) }
VVS_API TensorHandle vvs_tensor_to_device(TensorHandle t, const char* device) { VVS_TENSOR(t->to(at::Device(std::string(device)))) }
VVS_API TensorHandle vvs_tensor_contiguous(TensorHandle t) { VVS_TENSOR(t->contiguous()) }
VVS_API TensorHandle vvs_tensor_clone(TensorHandle t) { VVS_TENSOR(t->clone()) }
VVS_API TensorHandle vvs_tensor_detach(TensorHandle t) { VVS_TENSOR(t->detach()) }
VVS_API TensorHandle vvs_tensor_alias(TensorHandle t) { VVS_TENSOR(at::Tensor(*t)) }

// ---- shape ----
VVS_API TensorHandle vvs_tensor_reshape(TensorHandle t, const int64_t* shape, int ndim) { VVS_TENSOR(t->reshape(dims(shape, ndim))) }
VVS_API TensorHandle vvs_tensor_view(TensorHandle t, const int64_t* shape, int ndim) { VVS_TENSOR(t->view(dims(shape, ndim))) }
VVS_API TensorHandle vvs_tensor_permute(TensorHandle t, const int64_t* order, int ndim) { VVS_TENSOR(t->permute(dims(order, ndim))) }
VVS_API TensorHandle vvs_tensor_transpose(TensorHandle t, int64_t a, int64_t b) { VVS_TENSOR(t->transpose(a, b)) }
VVS_API TensorHandle vvs_tensor_flatten(TensorHandle t, int64_t start, int64_t end) { VVS_TENSOR(t->flatten(start, end)) }
VVS_API TensorHandle vvs_tensor_unsqueeze(TensorHandle t, int64_t dim) { VVS_TENSOR(t->unsqueeze(dim)) }
VVS_API TensorHandle vvs_tensor_squeeze(TensorHandle t, int64_t dim) { VVS_TENSOR(t->squeeze(dim)) }
VVS_API TensorHandle vvs_tensor_expand(TensorHandle t, const int64_t* shape, int ndim) { VVS_TENSOR(t->expand(dims(shape, ndim))) }
VVS_API TensorHandle vvs_tensor_slice(TensorHandle t, int64_t dim, int64_t start, int64_t end, int64_t step) { VVS_TENSOR(t->slice(dim, start, end, step)) }
VVS_API TensorHandle vvs_tensor_select(TensorHandle t, int64_t dim, int64_t index) { VVS_TENSOR(t->select(dim, index)) }
VVS_API TensorHandle vvs_tensor_index_select(TensorHandle t, int64_t dim, TensorHandle index) { VVS_TENSOR(t->index_select(dim, *index)) }
VVS_API TensorHandle vvs_tensor_cat(const TensorHandle* ts, int n, int64_t dim) { VVS_TENSOR(at::cat(vvs::tensor_list(ts, n), dim)) }
VVS_API TensorHandle vvs_tensor_stack(const TensorHandle* ts, int n, int64_t dim) { VVS_TENSOR(at::stack(vvs::tensor_list(ts, n), dim)) }
VVS_API TensorHandle vvs_tensor_flip(TensorHandle t, const int64_t* d, int n) { VVS_TENSOR(t->flip(dims(d, n))) }

// ---- arithmetic (out of place) ----
VVS_API TensorHandle vvs_tensor_add(TensorHandle a, TensorHandle b, double alpha) { VVS_TENSOR(at::add(*a, *b, alpha)) }
VVS_API TensorHandle vvs_tensor_sub(TensorHandle a, TensorHandle b) { VVS_TENSOR(at::sub(*a, *b)) }
VVS_API TensorHandle vvs_tensor_mul(TensorHandle a, TensorHandle b) { VVS_TENSOR(at::mul(*a, *b)) }
VVS_API TensorHandle vvs_tensor_div(TensorHandle a, TensorHandle b) { VVS_TENSOR(at::div(*a, *b)) }
VVS_API TensorHandle vvs_tensor_add_scalar(TensorHandle a, double s) { VVS_TENSOR(at::add(*a, s)) }
VVS_API TensorHandle vvs_tensor_mul_scalar(TensorHandle a, double s) { VVS_TENSOR(at::mul(*a, s)) }
VVS_API TensorHandle vvs_tensor_pow_scalar(TensorHandle a, double s) { VVS_TENSOR(at::pow(*a, s)) }
VVS_API TensorHandle vvs_tensor_matmul(TensorHandle a, TensorHandle b) { VVS_TENSOR(at::matmul(*a, *b)) }
VVS_API TensorHandle vvs_tensor_neg(TensorHandle a) { VVS_TENSOR(at::neg(*a)) }
VVS_API TensorHandle vvs_tensor_exp(TensorHandle a) { VVS_TENSOR(at::exp(*a)) }
VVS_API TensorHandle vvs_tensor_log(TensorHandle a) { VVS_TENSOR(at::log(*a)) }
VVS_API TensorHandle vvs_tensor_sqrt(TensorHandle a) { VVS_TENSOR(at::sqrt(*a)) }
VVS_API TensorHandle vvs_tensor_abs(TensorHandle a) { VVS_TENSOR(at::abs(*a)) }
VVS_API TensorHandle vvs_tensor_tanh(TensorHandle a) { VVS_TENSOR(at::tanh(*a)) }
VVS_API TensorHandle vvs_tensor_sigmoid(TensorHandle a) { VVS_TENSOR(at::sigmoid(*a)) }
VVS_API TensorHandle vvs_tensor_eq(TensorHandle a, TensorHandle b) { VVS_TENSOR(at::eq(*a, *b)) }

// ---- in place (used by optimisers, initialisation and buffers) ----
VVS_API int vvs_tensor_add_(TensorHandle a, TensorHandle b, double alpha) { VVS_STATUS(a->add_(*b, alpha)) }
VVS_API int vvs_tensor_mul_scalar_(TensorHandle a, double s) { VVS_STATUS(a->mul_(s)) }
VVS_API int vvs_tensor_copy_(TensorHandle dst, TensorHandle src) { VVS_STATUS({ at::NoGradGuard g; dst->copy_(*src); }) }
VVS_API int vvs_tensor_fill_(TensorHandle t, double v) { VVS_STATUS({ at::NoGradGuard g; t->fill_(v); }) }
VVS_API int vvs_tensor_zero_(TensorHandle t) { VVS_STATUS({ at::NoGradGuard g; t->zero_(); }) }

// ---- reductions ----
VVS_API TensorHandle vvs_tensor_sum(TensorHandle t) { VVS_TENSOR(t->sum()) }
VVS_API TensorHandle vvs_tensor_sum_dim(TensorHandle t, const int64_t* d, int n, bool keepdim) { VVS_TENSOR(t->sum(dims(d, n), keepdim)) }
VVS_API TensorHandle vvs_tensor_mean(TensorHandle t) { VVS_TENSOR(t->mean()) }
VVS_API TensorHandle vvs_tensor_mean_dim(TensorHandle t, const int64_t* d, int n, bool keepdim) { VVS_TENSOR(t->mean(dims(d, n), keepdim)) }
VVS_API TensorHandle vvs_tensor_max(TensorHandle t) { VVS_TENSOR(t->max()) }
VVS_API TensorHandle vvs_tensor_argmax(TensorHandle t, int64_t dim, bool keepdim) { VVS_TENSOR(t->argmax(dim, keepdim)) }
