using System.Reflection;

namespace VvsNotebook.Torch.Modules;

/// <summary>
/// Base of every layer and model: named parameters, buffers and submodules (the state-dict keys), train/eval
/// mode, and disposal of native memory. Subclasses hold their parts in fields and call
/// <see cref="RegisterComponents"/> at the end of their constructor, as in TorchSharp.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Module Module)> _modules = [];
    private readonly List<(string Name, Parameter Parameter)> _parameters = [];
    private readonly List<(string Name, Tensor Buffer)> _buffers = [];

    protected Module(string name) => GetName = name;

    /// <summary>Type name of the layer, as PyTorch prints it (Conv2d, ResNet...).</summary>
    public string GetName { get; }

    public bool training { get; private set; } = true;

    public Module train(bool mode = true)
    {
        training = mode;
        foreach (var (_, m) in _modules) m.train(mode);
        return this;
    }

    public Module eval() => train(false);

    public void register_module(string name, Module module) => _modules.Add((ValidName(name), module));
    public void register_parameter(string name, Parameter parameter) => _parameters.Add((ValidName(name), parameter));
    public void register_buffer(string name, Tensor buffer) => _buffers.Add((ValidName(name), buffer.DetachFromDisposeScope()));

    /// <summary>Registers fields holding modules, parameters and buffers, in declaration order; a leading '_' is dropped.</summary>
    protected void RegisterComponents()
    {
        var fields = GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(f => f.DeclaringType != typeof(Module))
            .OrderBy(f => f.MetadataToken);
        foreach (var field in fields)
        {
            var name = field.Name.TrimStart('_');
            switch (field.GetValue(this))
            {
                case Module m when !_modules.Any(x => ReferenceEquals(x.Module, m)): register_module(name, m); break;
                case Parameter p when !_parameters.Any(x => ReferenceEquals(x.Parameter, p)): register_parameter(name, p); break;
                case Tensor t when t is not Parameter && !_buffers.Any(x => ReferenceEquals(x.Buffer, t)): register_buffer(name, t); break;
            }
        }
    }

    public IEnumerable<(string name, Module module)> named_children() => _modules.Select(x => (x.Name, x.Module));

    /// <summary>This module (name "") and every descendant, depth first, with dotted names.</summary>
    public IEnumerable<(string name, Module module)> named_modules()
    {
        yield return ("", this);
        foreach (var (name, child) in _modules)
            foreach (var (sub, m) in child.named_modules())
                yield return (sub.Length == 0 ? name : $"{name}.{sub}", m);
    }

    public IEnumerable<(string name, Parameter parameter)> named_parameters()
    {
        foreach (var (name, p) in _parameters) yield return (name, p);
        foreach (var (child, m) in _modules)
            foreach (var (name, p) in m.named_parameters()) yield return ($"{child}.{name}", p);
    }

    public IEnumerable<Parameter> parameters() => named_parameters().Select(x => x.parameter);

    public IEnumerable<(string name, Tensor buffer)> named_buffers()
    {
        foreach (var (name, b) in _buffers) yield return (name, b);
        foreach (var (child, m) in _modules)
            foreach (var (name, b) in m.named_buffers()) yield return ($"{child}.{name}", b);
    }

    /// <summary>Parameters then buffers, by dotted name (the keys of a saved state).</summary>
    public IReadOnlyList<(string name, Tensor tensor)> state_dict() =>
        named_parameters().Select(x => (x.name, (Tensor)x.parameter)).Concat(named_buffers()).ToList();

    /// <summary>Copies every tensor of <paramref name="state"/> into the same-named parameter or buffer.</summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = state_dict();
        if (strict)
        {
            var missing = own.Select(x => x.name).Where(n => !state.ContainsKey(n)).ToList();
            var unexpected = state.Keys.Except(own.Select(x => x.name)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new ArgumentException($"State does not match {GetName}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}].", nameof(state));
        }
        foreach (var (name, tensor) in own)
        {
            if (!state.TryGetValue(name, out var source)) continue;
            if (!source.shape.SequenceEqual(tensor.shape))
                throw new ArgumentException($"State entry '{name}' has shape [{string.Join(", ", source.shape)}] but the module expects [{string.Join(", ", tensor.shape)}].", nameof(state));
            tensor.copy_(source);
        }
    }

    /// <summary>Saves parameters and buffers to a <see cref="TensorFile"/>.</summary>
    public void save(string path) => TensorFile.Save(path, state_dict());

    /// <summary>Loads parameters and buffers saved by <see cref="save"/> (names and shapes must match).</summary>
    public void load(string path, bool strict = true)
    {
        var state = TensorFile.Load(path);
        try { load_state_dict(state, strict); }
        finally { foreach (var t in state.Values) t.Dispose(); }
    }

    /// <summary>Number of trainable elements (the N of the scaling laws).</summary>
    public long parameter_count() => parameters().Sum(p => p.numel());

    /// <summary>Casts every floating-point parameter and buffer to <paramref name="dtype"/> in place.</summary>
    public Module to(ScalarType dtype)
    {
        foreach (var (name, m) in named_modules()) m.CastOwn(dtype);
        return this;
    }

    private void CastOwn(ScalarType dtype)
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            var (name, p) = _parameters[i];
            if (!p.dtype.IsFloatingPoint() || p.dtype == dtype) continue;
            using var converted = p.to(dtype);
            var replacement = new Parameter(converted, p.requires_grad);
            _parameters[i] = (name, replacement);
            ReplaceField(p, replacement);
            p.Dispose();
        }
        for (var i = 0; i < _buffers.Count; i++)
        {
            var (name, b) = _buffers[i];
            if (!b.dtype.IsFloatingPoint() || b.dtype == dtype) continue;
            var replacement = b.to(dtype).DetachFromDisposeScope();
            _buffers[i] = (name, replacement);
            ReplaceField(b, replacement);
            b.Dispose();
        }
    }

    private void ReplaceField(Tensor old, Tensor replacement)
    {
        foreach (var f in GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            if (ReferenceEquals(f.GetValue(this), old)) f.SetValue(this, replacement);
    }

    public void Dispose()
    {
        foreach (var (_, p) in _parameters) p.Dispose();
        foreach (var (_, b) in _buffers) b.Dispose();
        foreach (var (_, m) in _modules) m.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string ValidName(string name) =>
        string.IsNullOrEmpty(name) || name.Contains('.') ? throw new ArgumentException($"Invalid component name '{name}': it must be non-empty and contain no '.'.", nameof(name)) : name;

    public override string ToString() => GetName;
}

/// <summary>A module with a typed forward; <see cref="call"/> runs it between the forward hooks.</summary>
public abstract class Module<T, TResult> : Module
{
    private readonly List<Func<Module<T, TResult>, T, TResult, TResult?>> _forwardHooks = [];

    protected Module(string name) : base(name) { }

    public abstract TResult forward(T input);

    public TResult call(T input)
    {
        var output = forward(input);
        foreach (var hook in _forwardHooks.ToArray())
            output = hook(this, input, output) ?? output;
        return output;
    }

    /// <summary>Runs after every forward; a non-null return replaces the output. Dispose the handle to remove it.</summary>
    public IDisposable register_forward_hook(Func<Module<T, TResult>, T, TResult, TResult?> hook)
    {
        _forwardHooks.Add(hook);
        return new HookHandle(() => _forwardHooks.Remove(hook));
    }

    private sealed class HookHandle(Action remove) : IDisposable
    {
        private Action? _remove = remove;
        public void Dispose() { _remove?.Invoke(); _remove = null; }
    }
}
