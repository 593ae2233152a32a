using VvsNotebook.Torch.Modules;

namespace VvsNotebook.Torch.Modules
{
    /// <summary>Runs its children in order; children are named "0", "1", ... unless named explicitly.</summary>
    public sealed class Sequential : Module<Tensor, Tensor>
    {
        private readonly List<Module<Tensor, Tensor>> _layers = [];

        internal Sequential(IEnumerable<(string name, Module<Tensor, Tensor> module)> layers) : base(nameof(Sequential))
        {
            foreach (var (name, m) in layers) { register_module(name, m); _layers.Add(m); }
        }

        public int Count => _layers.Count;
        public Module<Tensor, Tensor> this[int index] => _layers[index];

        public override Tensor forward(Tensor input)
        {
            if (_layers.Count == 0) return input.alias();
            // Intermediates die with the caller's dispose scope; only the chain's output is handed on.
            var x = _layers[0].call(input);
            for (var i = 1; i < _layers.Count; i++) x = _layers[i].call(x);
            return x;
        }
    }
}

namespace VvsNotebook.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static Sequential Sequential(params Module<Tensor, Tensor>[] layers) => new(layers.Select((m, i) => (i.ToString(), m)));
            public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] layers) => new(layers);
        }
    }
}
