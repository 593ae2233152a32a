// Shared protocol of the C ABI: exports, handles and the thread-local last error.
// No C++ exception ever crosses the ABI: every export catches, records the message and returns a sentinel
// (null handle or -1), and the managed side turns that into an exception carrying libtorch's message.
#pragma once
#include "vvstorch_pch.h"

#define VVS_API extern "C" __attribute__((visibility("default")))

typedef at::Tensor* TensorHandle;
typedef torch::optim::Optimizer* OptimizerHandle;

namespace vvs {
void set_last_error(const char* message);

inline at::IntArrayRef dims(const int64_t* values, int count) { return at::IntArrayRef(values, static_cast<size_t>(count)); }

inline c10::optional<at::Tensor> optional(TensorHandle t) {
  return t ? c10::optional<at::Tensor>(*t) : c10::nullopt;
}

inline std::vector<at::Tensor> tensor_list(const TensorHandle* ts, int n) {
  std::vector<at::Tensor> v;
  v.reserve(n);
  for (int i = 0; i < n; i++) v.push_back(*ts[i]);
  return v;
}

inline TensorHandle wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }
}  // namespace vvs

#define VVS_CATCH(fail)                                                \
  catch (const c10::Error& e) { vvs::set_last_error(e.what_without_backtrace()); return fail; } \
  catch (const std::exception& e) { vvs::set_last_error(e.what()); return fail; }              \
  catch (...) { vvs::set_last_error("unknown native error"); return fail; }

// Body returns an at::Tensor; the export returns a new handle or null.
#define VVS_TENSOR(expr) try { return vvs::wrap(expr); } VVS_CATCH(nullptr)
// Body has side effects only; the export returns 0 or -1.
#define VVS_STATUS(stmts) try { stmts; return 0; } VVS_CATCH(-1)
