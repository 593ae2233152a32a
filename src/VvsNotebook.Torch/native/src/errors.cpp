#include "vvstorch.h"

namespace {
thread_local std::string last_error;
thread_local bool has_error = false;
}

void vvs::set_last_error(const char* message) {
  last_error = message ? message : "unknown native error";
  has_error = true;
}

// Returns the pending error of this thread (null when none) and clears it; the pointer stays valid until this
// thread records the next error.
VVS_API const char* vvs_take_error() {
  if (!has_error) return nullptr;
  has_error = false;
  return last_error.c_str();
}

VVS_API void vvs_manual_seed(uint64_t seed) { torch::manual_seed(seed); }

VVS_API void vvs_set_num_threads(int n) { at::set_num_threads(n); }
VVS_API int vvs_get_num_threads() { return at::get_num_threads(); }

VVS_API TensorHandle vvs_get_rng_state() {
  VVS_TENSOR(([] {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    return gen.get_state();
  })())
}

VVS_API int vvs_set_rng_state(TensorHandle state) {
  VVS_STATUS({
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(*state);
  })
}

VVS_API const char* vvs_torch_version() { return TORCH_VERSION; }
