// Optimisers: libtorch's own SGD and AdamW over a list of parameter tensors, with state save/load.
#include "vvstorch.h"

VVS_API OptimizerHandle vvs_sgd_new(const TensorHandle* ps, int n, double lr, double momentum, double dampening,
                                    double weight_decay, bool nesterov) {
  try {
    auto options = torch::optim::SGDOptions(lr).momentum(momentum).dampening(dampening).weight_decay(weight_decay).nesterov(nesterov);
    return new torch::optim::SGD(vvs::tensor_list(ps, n), options);
  }
  VVS_CATCH(nullptr)
}

VVS_API OptimizerHandle vvs_adamw_new(const TensorHandle* ps, int n, double lr, double beta1, double beta2, double eps,
                                      double weight_decay) {
  try {
    auto options = torch::optim::AdamWOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay);
    return new torch::optim::AdamW(vvs::tensor_list(ps, n), options);
  }
  VVS_CATCH(nullptr)
}

VVS_API void vvs_optim_free(OptimizerHandle o) { delete o; }
VVS_API int vvs_optim_step(OptimizerHandle o) { VVS_STATUS(o->step()) }
// set_to_none, as PyTorch 2 does by default: the next backward allocates fresh gradients.
VVS_API int vvs_optim_zero_grad(OptimizerHandle o) {
  VVS_STATUS(for (auto& group : o->param_groups()) for (auto& p : group.params()) p.mutable_grad() = at::Tensor();)
}
VVS_API int vvs_optim_set_lr(OptimizerHandle o, double lr) {
  VVS_STATUS(for (auto& group : o->param_groups()) group.options().set_lr(lr);)
}
VVS_API double vvs_optim_get_lr(OptimizerHandle o) { return o->param_groups().at(0).options().get_lr(); }
VVS_API int vvs_optim_save(OptimizerHandle o, const char* path) { VVS_STATUS(torch::save(*o, std::string(path))) }
VVS_API int vvs_optim_load(OptimizerHandle o, const char* path) { VVS_STATUS(torch::load(*o, std::string(path))) }
