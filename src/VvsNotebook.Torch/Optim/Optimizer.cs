using VvsNotebook.Torch.Modules;
using VvsNotebook.Torch.PInvoke;

namespace VvsNotebook.Torch.Modules
{
    /// <summary>A libtorch optimiser over a fixed list of parameters, one parameter group.</summary>
    public abstract class Optimizer : IDisposable
    {
        private readonly OptimizerHandle _handle;
        private readonly Parameter[] _parameters;

        private protected unsafe Optimizer(IEnumerable<Parameter> parameters, Func<IntPtr[], IntPtr> create)
        {
            _parameters = parameters.ToArray();
            if (_parameters.Length == 0) throw new ArgumentException("The optimiser got no parameters.", nameof(parameters));
            var handles = _parameters.Select(p => p.Live.DangerousGetHandle()).ToArray();
            var h = create(handles);
            GC.KeepAlive(_parameters);
            if (h == IntPtr.Zero) { torch.CheckForErrors(); throw new TorchException("Optimiser creation failed."); }
            _handle = new OptimizerHandle(h);
        }

        public IReadOnlyList<Parameter> parameters => _parameters;

        public void step() => torch.Check(NativeMethods.vvs_optim_step(_handle));

        /// <summary>Drops all gradients (set_to_none), so the next backward writes fresh ones.</summary>
        public void zero_grad() => torch.Check(NativeMethods.vvs_optim_zero_grad(_handle));

        public double learning_rate
        {
            get => NativeMethods.vvs_optim_get_lr(_handle);
            set
            {
                if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "Learning rate must be finite and non-negative.");
                torch.Check(NativeMethods.vvs_optim_set_lr(_handle, value));
            }
        }

        /// <summary>Writes the optimiser state (momentum buffers, Adam moments) in libtorch's archive format.</summary>
        public void save_state(string path) => torch.Check(NativeMethods.vvs_optim_save(_handle, path));

        public void load_state(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"Optimiser state file not found: {path}", path);
            torch.Check(NativeMethods.vvs_optim_load(_handle, path));
        }

        public void Dispose() { _handle.Dispose(); GC.SuppressFinalize(this); }
    }

    /// <summary>Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay.</summary>
    public sealed class SGD : Optimizer
    {
        internal unsafe SGD(IEnumerable<Parameter> parameters, double lr, double momentum, double dampening, double weight_decay, bool nesterov)
            : base(parameters, hs => { fixed (IntPtr* p = hs) return NativeMethods.vvs_sgd_new(p, hs.Length, lr, momentum, dampening, weight_decay, nesterov); })
        {
        }
    }

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter).</summary>
    public sealed class AdamW : Optimizer
    {
        internal unsafe AdamW(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weight_decay)
            : base(parameters, hs => { fixed (IntPtr* p = hs) return NativeMethods.vvs_adamw_new(p, hs.Length, lr, beta1, beta2, eps, weight_decay); })
        {
        }
    }
}

namespace VvsNotebook.Torch
{
    public static partial class torch
    {
        /// <summary>Optimisers and learning-rate schedules (<c>torch.optim</c>).</summary>
        public static partial class optim
        {
            public static SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
            {
                RequireNonNegative(lr, nameof(lr)); RequireNonNegative(momentum, nameof(momentum)); RequireNonNegative(weight_decay, nameof(weight_decay));
                if (nesterov && (momentum <= 0 || dampening != 0))
                    throw new ArgumentException("Nesterov momentum requires momentum > 0 and dampening = 0.", nameof(nesterov));
                return new SGD(parameters, lr, momentum, dampening, weight_decay, nesterov);
            }

            public static AdamW AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0.01)
            {
                RequireNonNegative(lr, nameof(lr)); RequireNonNegative(weight_decay, nameof(weight_decay));
                if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
                if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
                return new AdamW(parameters, lr, beta1, beta2, eps, weight_decay);
            }

            private static void RequireNonNegative(double value, string name)
            {
                if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and non-negative.");
            }
        }
    }
}
