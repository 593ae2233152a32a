using System.Globalization;
using VvsNotebook.Fitting.Laws;
using VvsNotebook.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace VvsNotebook.Experiments;

/// <summary>
/// Reads experiments from YAML. An experiment may start from another with <c>base: &lt;name or relative file&gt;</c>:
/// mappings are merged key by key, lists and scalars replace (the original pipeline's <c>base_config</c> rule).
/// Unknown keys, wrong types and impossible values are errors naming the file and the key.
/// </summary>
public static class ExperimentYaml
{
    private static readonly IDeserializer Generic = new DeserializerBuilder().Build();

    /// <summary>Loads an experiment file; <paramref name="resolveBase"/> finds a base by name when it is not a file.</summary>
    public static Experiment Load(string path, Func<string, Experiment?>? resolveBase = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Experiment file not found: {path}", path);
        return Parse(File.ReadAllText(path), path, resolveBase, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Parses experiment YAML; <paramref name="source"/> names it in error messages.</summary>
    public static Experiment Parse(string yaml, string source = "<text>", Func<string, Experiment?>? resolveBase = null,
        string? directory = null) =>
        FromTree(Merged(yaml, source, resolveBase, directory, depth: 0), source, directory);

    private static Dictionary<string, object?> Merged(string yaml, string source, Func<string, Experiment?>? resolveBase,
        string? directory, int depth)
    {
        if (depth > 8) throw new ManifestFormatException($"{source}: 'base' chain is deeper than 8 (a cycle?).");
        var tree = ReadTree(yaml, source);
        if (!tree.Remove("base", out var baseRef) || baseRef is null) return tree;
        var name = Scalar(baseRef, "base", source);
        Dictionary<string, object?> parent;
        var file = directory is null ? null : Path.Combine(directory, name);
        if (file is not null && File.Exists(file))
            parent = Merged(File.ReadAllText(file), file, resolveBase, Path.GetDirectoryName(file), depth + 1);
        else if (resolveBase?.Invoke(name) is { } known)
            parent = ReadTree(ExperimentWriter.ToYaml(known), $"base experiment '{name}'");
        else throw new ManifestFormatException($"{source}: base '{name}' is neither a file next to it nor a known experiment.");
        return DeepUpdate(parent, tree);
    }

    private static Dictionary<string, object?> ReadTree(string yaml, string source)
    {
        object? root;
        try { root = Generic.Deserialize<object?>(yaml); }
        catch (YamlException e) { throw YamlErrors.Describe(e, source, yaml); }
        return root is null ? [] : Map(root, "(document)", source);
    }

    private static Dictionary<string, object?> DeepUpdate(Dictionary<string, object?> target, Dictionary<string, object?> update)
    {
        foreach (var (k, v) in update)
            target[k] = v is Dictionary<string, object?> child && target.GetValueOrDefault(k) is Dictionary<string, object?> existing
                ? DeepUpdate(existing, child)
                : v;
        return target;
    }

    private static Experiment FromTree(Dictionary<string, object?> t, string source, string? directory)
    {
        Known(t, "", source, "name", "figure", "description", "data", "filters", "fit");
        var name = Scalar(Need(t, "name", "", source), "name", source);
        var fit = Map(Need(t, "fit", "", source), "fit", source);
        return new Experiment
        {
            Name = name,
            Figure = Opt(t, "figure", source),
            Description = Opt(t, "description", source),
            Data = DataReference(Opt(t, "data", source), directory),
            Filters = t.TryGetValue("filters", out var f) && f is not null ? Filters(Map(f, "filters", source), source) : new ExperimentFilters(),
            Fit = Fit(fit, source),
        };
    }

    /// <summary>
    /// A <c>data:</c> that is a CSV path (absolute, <c>./</c> or <c>../</c>, or a file beside the YAML) becomes a full path read
    /// as it is, with no manifest or pinned hash: fitting one's own <c>vvs benchmark</c> table. Anything else is a
    /// manifest reference <c>manifest-id/file</c>.
    /// </summary>
    private static string DataReference(string? data, string? directory)
    {
        if (data is null) return "scaling-primate-vvs/benchmark_scores.csv";
        if (Path.IsPathRooted(data)) return data;
        var local = directory is null ? null : Path.GetFullPath(Path.Combine(directory, data));
        if (local is not null && (data.StartsWith("./", StringComparison.Ordinal) || data.StartsWith("../", StringComparison.Ordinal) || File.Exists(local))) return local;
        return data;
    }

    private static ExperimentFilters Filters(Dictionary<string, object?> f, string source)
    {
        Known(f, "filters.", source, "combine_arch_families", "equals_true", "equals_false", "sets", "ranges", "composite",
            "group_by", "arch_family_samples", "flops_multiplier");
        IReadOnlyDictionary<string, string> merge = new Dictionary<string, string>();
        if (f.GetValueOrDefault("combine_arch_families") is { } c)
            merge = c is Dictionary<string, object?> map
                ? map.ToDictionary(kv => kv.Key, kv => Scalar(kv.Value, "filters.combine_arch_families." + kv.Key, source))
                : Bool(c, "filters.combine_arch_families", source) ? ExperimentFilters.DefaultFamilyMerge : merge;
        GroupBySpec? groupBy = null;
        if (f.GetValueOrDefault("group_by") is { } g)
        {
            var gm = Map(g, "filters.group_by", source);
            Known(gm, "filters.group_by.", source, "keys", "mean");
            groupBy = new GroupBySpec(Strings(Need(gm, "keys", "filters.group_by.", source), "filters.group_by.keys", source),
                Opt(gm, "mean", source) ?? "score");
        }
        ArchFamilySamples? afs = null;
        if (f.GetValueOrDefault("arch_family_samples") is { } a)
        {
            var am = Map(a, "filters.arch_family_samples", source);
            Known(am, "filters.arch_family_samples.", source, "arch_family", "samples_per_class");
            afs = new ArchFamilySamples(
                Strings(Need(am, "arch_family", "filters.arch_family_samples.", source), "filters.arch_family_samples.arch_family", source),
                Numbers(Need(am, "samples_per_class", "filters.arch_family_samples.", source), "filters.arch_family_samples.samples_per_class", source));
        }
        return new ExperimentFilters
        {
            CombineArchFamilies = merge,
            EqualsTrue = f.GetValueOrDefault("equals_true") is { } et ? Strings(et, "filters.equals_true", source) : [],
            EqualsFalse = f.GetValueOrDefault("equals_false") is { } ef ? Strings(ef, "filters.equals_false", source) : [],
            Sets = f.GetValueOrDefault("sets") is { } s ? SetMap(s, "filters.sets", source) : new Dictionary<string, IReadOnlyList<string>>(),
            Ranges = f.GetValueOrDefault("ranges") is { } r
                ? Map(r, "filters.ranges", source).ToDictionary(kv => kv.Key, kv =>
                {
                    var v = Numbers(kv.Value, "filters.ranges." + kv.Key, source);
                    if (v.Count != 2 || v[0] > v[1])
                        throw new ManifestFormatException($"{source}: filters.ranges.{kv.Key} must be [min, max] with min <= max.");
                    return (v[0], v[1]);
                })
                : new Dictionary<string, (double, double)>(),
            Composite = f.GetValueOrDefault("composite") is { } cm
                ? Map(cm, "filters.composite", source).ToDictionary(kv => kv.Key,
                    kv => SetMap(kv.Value, "filters.composite." + kv.Key, source))
                : new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(),
            GroupBy = groupBy,
            ArchFamilySamples = afs,
            FlopsMultiplier = f.GetValueOrDefault("flops_multiplier") is { } fm ? Number(fm, "filters.flops_multiplier", source) : 1.0,
        };
    }

    private static FitSpec Fit(Dictionary<string, object?> f, string source)
    {
        Known(f, "fit.", source, "form", "x", "x_scale", "y", "invert_y", "delta", "bootstraps", "seed", "compute", "init");
        LawForm form;
        try { form = LawForms.Parse(Scalar(Need(f, "form", "fit.", source), "fit.form", source)); }
        catch (FormatException e) { throw new ManifestFormatException($"{source}: fit.form: {e.Message}", e); }
        var x = Need(f, "x", "fit.", source) is List<object?> xs ? Strings(xs, "fit.x", source) : [Scalar(f["x"], "fit.x", source)];
        IReadOnlyList<double> scale = f.GetValueOrDefault("x_scale") switch
        {
            null => x.Select(_ => 1.0).ToArray(),
            List<object?> l => Numbers(l, "fit.x_scale", source),
            var one => [Number(one, "fit.x_scale", source)],
        };
        if (x.Count != form.InputCount())
            throw new ManifestFormatException($"{source}: fit.x has {x.Count} column(s) but {form.Key()} takes {form.InputCount()}.");
        if (scale.Count != x.Count || scale.Any(s => !(s > 0) || double.IsInfinity(s)))
            throw new ManifestFormatException($"{source}: fit.x_scale needs one positive number per column of fit.x.");
        var init = Map(Need(f, "init", "fit.", source), "fit.init", source);
        var names = form.ParameterNames();
        // The paper's configs spell lambda as lambda_ (a Python keyword).
        if (init.Remove("lambda_", out var lam)) init["lambda"] = lam;
        Known(init, "fit.init.", source, [.. names]);
        var grid = names.Select(n =>
        {
            var values = Numbers(Need(init, n, "fit.init.", source), "fit.init." + n, source);
            if (values.Count == 0) throw new ManifestFormatException($"{source}: fit.init.{n} is empty.");
            return new KeyValuePair<string, IReadOnlyList<double>>(n, values);
        }).ToArray();
        var delta = f.GetValueOrDefault("delta") is { } d ? Number(d, "fit.delta", source) : 1e-3;
        if (!(delta > 0)) throw new ManifestFormatException($"{source}: fit.delta must be positive.");
        var boots = f.GetValueOrDefault("bootstraps") is { } b ? Number(b, "fit.bootstraps", source) : 1000;
        if (boots < 0 || boots != Math.Floor(boots)) throw new ManifestFormatException($"{source}: fit.bootstraps must be a whole number >= 0.");
        var seed = f.GetValueOrDefault("seed") is { } sd ? Number(sd, "fit.seed", source) : 42;
        if (seed < 0 || seed != Math.Floor(seed)) throw new ManifestFormatException($"{source}: fit.seed must be a whole number >= 0.");
        return new FitSpec
        {
            Form = form, X = x, XScale = scale,
            Y = Opt(f, "y", source) ?? "score",
            InvertY = f.GetValueOrDefault("invert_y") is not { } iy || Bool(iy, "fit.invert_y", source),
            Delta = delta, Bootstraps = (int)boots, Seed = (ulong)seed,
            Compute = Opt(f, "compute", source) ?? "total_flops",
            Init = grid,
        };
    }

    // ---- small typed accessors over the generic YAML tree ----

    private static void Known(Dictionary<string, object?> m, string prefix, string source, params string[] keys)
    {
        var unknown = m.Keys.Where(k => !keys.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new ManifestFormatException(
                $"{source}: unknown key(s) {string.Join(", ", unknown.Select(u => prefix + u))}; expected one of: {string.Join(", ", keys)}.");
    }

    private static object Need(Dictionary<string, object?> m, string key, string prefix, string source) =>
        m.GetValueOrDefault(key) ?? throw new ManifestFormatException($"{source}: missing '{prefix}{key}'.");

    private static string? Opt(Dictionary<string, object?> m, string key, string source) =>
        m.GetValueOrDefault(key) is { } v ? Scalar(v, key, source) : null;

    private static Dictionary<string, object?> Map(object node, string key, string source) => node is Dictionary<object, object?> d
        ? d.ToDictionary(kv => Convert.ToString(kv.Key, CultureInfo.InvariantCulture)!, kv => kv.Value is Dictionary<object, object?> ? Map(kv.Value, key, source) : kv.Value)
        : node is Dictionary<string, object?> s ? s
        : throw new ManifestFormatException($"{source}: '{key}' must be a mapping.");

    private static string Scalar(object? node, string key, string source) => node is string s
        ? s
        : throw new ManifestFormatException($"{source}: '{key}' must be a single value, not {(node is null ? "empty" : "a list or mapping")}.");

    private static IReadOnlyList<string> Strings(object node, string key, string source) => node is List<object?> l
        ? l.Select((v, i) => Scalar(v, $"{key}[{i}]", source)).ToArray()
        : [Scalar(node, key, source)];

    private static double Number(object? node, string key, string source)
    {
        var s = Scalar(node, key, source);
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new ManifestFormatException($"{source}: '{key}' has '{s}', which is not a finite number.");
    }

    private static IReadOnlyList<double> Numbers(object node, string key, string source) =>
        Strings(node, key, source).Select((s, i) => Number(s, $"{key}[{i}]", source)).ToArray();

    private static bool Bool(object node, string key, string source) => Scalar(node, key, source).ToLowerInvariant() switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        var s => throw new ManifestFormatException($"{source}: '{key}' has '{s}', which is not true/false."),
    };

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> SetMap(object node, string key, string source) =>
        Map(node, key, source).ToDictionary(kv => kv.Key, kv =>
            kv.Value is null ? throw new ManifestFormatException($"{source}: '{key}.{kv.Key}' is empty.") : Strings(kv.Value, $"{key}.{kv.Key}", source));
}
