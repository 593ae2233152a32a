using VvsNotebook.Files;
using VvsNotebook.Progress;
using VvsNotebook.Figures;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Assemblies;
using VvsNotebook.Display;
using VvsNotebook.Metrics.Behavior;
using VvsNotebook.Metrics.Ceilings;
using VvsNotebook.Metrics.CrossValidation;
using VvsNotebook.Metrics.Predictivity;
using VvsNotebook.Metrics.Regression;
using VvsNotebook.Metrics.Similarity;
using VvsNotebook.Metrics.Statistics;
using VvsNotebook.Workflow;

using VvsNotebook.Cli.Terminal;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs metric NAME</c>: one alignment metric on .npy arrays and text label files.</summary>
public static class MetricCommand
{
    private static readonly Option<string?> Json = JsonOutput.Create();

    public static Command Create()
    {
        var cmd = new Command("metric", "Compute one alignment metric on .npy arrays (float32/float64, C order) and text label files");
        cmd.Subcommands.Add(Pls());
        cmd.Subcommands.Add(Ridge());
        cmd.Subcommands.Add(NeuralPredictivityCmd());
        cmd.Subcommands.Add(Ceiling());
        cmd.Subcommands.Add(I2nCmd());
        cmd.Subcommands.Add(RdmCmd());
        cmd.Subcommands.Add(RsaCmd());
        cmd.Subcommands.Add(PartialRsa());
        cmd.Subcommands.Add(Cka());
        cmd.Subcommands.Add(LinearAlignmentCmd());
        cmd.Subcommands.Add(Fdr());
        return cmd;
    }

    private static Option<FileInfo> File(string name, string description, bool required = true) =>
        new(name) { Description = description, Required = required };

    private static Command New(string name, string description, params Option[] options)
    {
        var c = new Command(name, description);
        foreach (var o in options) c.Options.Add(o);
        c.Options.Add(Json);
        return c;
    }

    private static Matrix<double> Load(FileInfo f, string what) => NpyFile.Read(f.FullName).ToMatrix(what);

    /// <summary>Runs <paramref name="body"/>, printing its result (table or JSON) and turning bad input into exit code 2.</summary>
    private static void Run(Command c, Func<ParseResult, CancellationToken, (IMimeRenderable Result, Dictionary<string, object?> Json)> body)
    {
        c.SetAction((parse, ct) => CliErrors.Run(() =>
        {
            // An output that cannot be written fails now, naming it, not after the metric ran.
            var json = JsonOutput.Target(parse, Json);
            foreach (var output in c.Options.OfType<Option<FileInfo>>().Where(o => o.Name == "--npy"))
                if (parse.GetValue(output) is { } file) AtomicFile.CheckWritable(file.FullName, "--npy");
            var sw = Stopwatch.StartNew();
            (IMimeRenderable Result, Dictionary<string, object?> Json) run;
            try { run = body(parse, ct); }
            catch (InvalidOperationException e) { throw new ArgumentException(e.Message, e); } // a metric refusing its input
            run.Json["elapsed_seconds"] = sw.Elapsed.TotalSeconds;
            if (JsonOutput.ShowsTable(json)) Console.WriteLine(run.Result.ToMimeBundle()[MimeTypes.Plain]);
            JsonOutput.Write(json, run.Json);
            return Task.FromResult(0);
        }));
    }

    private static Command Pls()
    {
        Option<FileInfo> x = File("--x", "Training features (stimuli x features)"), y = File("--y", "Training targets (stimuli x targets)"),
            xt = File("--x-test", "Features to predict"), outF = File("--npy", "Predictions .npy to write");
        var k = new Option<int>("--components") { Description = "PLS components", DefaultValueFactory = _ => 25 }.AtLeast(1);
        var c = New("pls", "PLS regression (NIPALS, as scikit-learn PLSRegression(scale=False)): fit, predict", x, y, xt, outF, k);
        Run(c, (p, ct) =>
        {
            var fit = new PlsRegression(p.GetValue(k)).Fit(Load(p.GetValue(x)!, "X"), Load(p.GetValue(y)!, "Y"), ct);
            var pred = fit.Predict(Load(p.GetValue(xt)!, "X test"));
            NpyFile.Write(p.GetValue(outF)!.FullName, pred);
            var json = new Dictionary<string, object?> { ["metric"] = "pls", ["components"] = fit.Components, ["iterations"] = fit.Iterations, ["predictions"] = p.GetValue(outF)!.FullName };
            return (Summary("PLS regression", json), json);
        });
        return c;
    }

    private static Command Ridge()
    {
        Option<FileInfo> x = File("--x", "Training features"), y = File("--y", "Training targets"),
            xt = File("--x-test", "Features to predict"), outF = File("--npy", "Predictions .npy to write");
        var alphas = new Option<string>("--alphas") { Description = "Comma-separated penalties (default 1e-3..1e5)" };
        var c = New("ridge", "Ridge regression with leave-one-out choice of alpha (scikit-learn RidgeCV)", x, y, xt, outF, alphas);
        Run(c, (p, ct) =>
        {
            var grid = p.GetValue(alphas) is { } s ? s.Split(',').Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ? a
                : throw new ArgumentException($"--alphas: '{v}' is not a number; give comma-separated penalties such as 0.1,1,10.")).ToArray() : null;
            var fit = new RidgeRegression(grid).Fit(Load(p.GetValue(x)!, "X"), Load(p.GetValue(y)!, "Y"), ct);
            NpyFile.Write(p.GetValue(outF)!.FullName, fit.Predict(Load(p.GetValue(xt)!, "X test")));
            var json = new Dictionary<string, object?> { ["metric"] = "ridge", ["alpha"] = fit.Alpha, ["loo_scores"] = fit.LooScores, ["predictions"] = p.GetValue(outF)!.FullName };
            return (Summary("Ridge regression (RidgeCV)", json), json);
        });
        return c;
    }

    private static Command NeuralPredictivityCmd()
    {
        Option<FileInfo> f = File("--features", "Model features (stimuli x features)"), n = File("--neural", "Neural responses (stimuli x neuroids)"),
            labels = File("--labels", "Stratification labels, one per stimulus", false), splits = File("--splits", "Explicit splits JSON", false);
        var reg = new Option<string>("--regression") { Description = "pls or ridge", DefaultValueFactory = _ => "pls" };
        var k = new Option<int>("--components") { Description = "PLS components", DefaultValueFactory = _ => 25 }.AtLeast(1);
        var c = New("neural-predictivity", "Cross-validated regression + Pearson per neuroid, median over neuroids, mean over splits", f, n, labels, splits, reg, k);
        Run(c, (p, ct) =>
        {
            IRegression regression = p.GetValue(reg) switch
            {
                "pls" => new PlsRegression(p.GetValue(k)),
                "ridge" => new RidgeRegression(),
                var other => throw new ArgumentException($"Unknown regression '{other}'; use pls or ridge."),
            };
            var metric = new NeuralPredictivity
            {
                Regression = regression,
                Splitter = p.GetValue(splits) is { } sf ? new ExplicitSplits(SplitFile.Read(sf.FullName)) : null,
            };
            var features = Load(p.GetValue(f)!, "features"); var neural = Load(p.GetValue(n)!, "neural");
            var strat = p.GetValue(labels) is { } lf ? LabelFile.Read(lf.FullName) : null;
            var sw = Stopwatch.StartNew();
            var s = TerminalProgress.Run("neural predictivity", line => metric.Score(features, neural, strat, ct, new ProgressRelay<int>(done => line.Describe($"{done} splits done"))));
            var json = new Dictionary<string, object?>
            {
                ["metric"] = "neural-predictivity", ["regression"] = regression.Name, ["raw"] = s.Raw, ["error"] = s.Error,
                ["split_medians"] = s.SplitMedians, ["compute_seconds"] = sw.Elapsed.TotalSeconds,
            };
            return (s, json);
        });
        return c;
    }

    private static Command Ceiling()
    {
        Option<FileInfo> t = File("--trials", "Per-trial responses (trials x neuroids)"), s = File("--stimulus", "Stimulus index of each trial (text)"),
            r = File("--repetition", "Repetition id of each trial (text)");
        var raw = new Option<double?>("--raw") { Description = "A raw score to ceil" };
        var norm = new Option<string>("--normalization") { Description = "paper ((r/c)^2), current (r^2/c) or ratio", DefaultValueFactory = _ => "paper" };
        var c = New("ceiling", "Split-half internal consistency with Spearman-Brown correction (optionally ceil a raw score)", t, s, r, raw, norm);
        Run(c, (p, ct) =>
        {
            var ceiling = new SplitHalfConsistency().Estimate(Load(p.GetValue(t)!, "trials"),
                LabelFile.ReadIntegers(p.GetValue(s)!.FullName), LabelFile.ReadIntegers(p.GetValue(r)!.FullName), ct);
            var json = new Dictionary<string, object?> { ["metric"] = "ceiling", ["ceiling"] = ceiling.Ceiling, ["error"] = ceiling.Error, ["split_values"] = ceiling.SplitValues };
            if (p.GetValue(raw) is not { } rawScore) return (ceiling, json);
            var mode = p.GetValue(norm) switch
            {
                "paper" => CeilingNormalization.PaperSquared, "current" => CeilingNormalization.CurrentBrainScore, "ratio" => CeilingNormalization.Ratio,
                var o => throw new ArgumentException($"Unknown normalization '{o}'; use paper, current or ratio."),
            };
            var ceiled = CeiledScore.Normalize(rawScore, 0, ceiling.Ceiling, mode);
            json["score"] = ceiled.Score; json["raw"] = rawScore; json["normalization"] = mode.ToString();
            return (ceiled, json);
        });
        return c;
    }

    private static Command I2nCmd()
    {
        Option<FileInfo> probs = File("--probabilities", "Model choice probabilities (images x objects, columns in --objects order)", false),
            feats = File("--features", "Readout-layer features (images x features); a logistic readout is fit on them", false),
            labels = File("--labels", "True object of each image (text)"), objects = File("--objects", "Object names in column order (text); default: order of first appearance in --labels", false),
            trials = File("--trials", "Human trials CSV with columns image,distractor,choice (image index; object names)");
        var c = New("i2n", "Rajalingham 2018 i2n behavioural consistency (Brain-Score public variant)", probs, feats, labels, objects, trials);
        Run(c, (p, ct) =>
        {
            var truthNames = LabelFile.Read(p.GetValue(labels)!.FullName);
            var names = p.GetValue(objects) is { } of ? LabelFile.Read(of.FullName) : truthNames.Distinct().ToArray();
            var index = names.Select((nm, i) => (nm, i)).ToDictionary(t => t.nm, t => t.i);
            int Obj(string nm, string where) => index.TryGetValue(nm, out var i) ? i : throw new InvalidDataException($"{where}: unknown object '{nm}'.");
            var truth = truthNames.Select((nm, i) => Obj(nm, $"labels line {i + 1}")).ToArray();
            Matrix<double> P;
            if (p.GetValue(probs) is { } pf) P = Load(pf, "probabilities");
            else if (p.GetValue(feats) is { } ff)
            {
                var fit = new LogisticReadout().Fit(Load(ff, "features"), truthNames, ct);
                var raw = fit.PredictProbabilities(Load(ff, "features"));
                P = Matrix<double>.Build.Dense(raw.RowCount, names.Count, (i, j) => raw[i, fit.Classes.ToList().IndexOf(names[j]) is var c0 && c0 >= 0 ? c0 : throw new InvalidDataException($"Object '{names[j]}' has no image.")]);
            }
            else throw new ArgumentException("Give --probabilities or --features.");
            var rows = ReadTrials(p.GetValue(trials)!.FullName);
            var human = new BehavioralTrials(rows.Select(r => r.Image).ToArray(), rows.Select((r, i) => Obj(r.Distractor, $"trial {i + 1}")).ToArray(),
                rows.Select((r, i) => Obj(r.Choice, $"trial {i + 1}")).ToArray());
            var s = new I2n().Score(P, truth, human);
            var json = new Dictionary<string, object?> { ["metric"] = "i2n", ["score"] = s.Score, ["error"] = s.Error, ["raw"] = s.Raw, ["ceiling"] = s.Ceiling };
            return (s, json);
        });
        return c;
    }

    private static List<(int Image, string Distractor, string Choice)> ReadTrials(string path)
    {
        var lines = LabelFile.Read(path);
        var header = lines[0].Split(',').Select(h => h.Trim()).ToList();
        int Col(string name) => header.IndexOf(name) is var i && i >= 0 ? i : throw new InvalidDataException($"{path}: missing column '{name}' (need image,distractor,choice).");
        int ci = Col("image"), cd = Col("distractor"), cc = Col("choice");
        return lines.Skip(1).Select((l, i) =>
        {
            var f = l.Split(',');
            if (f.Length < header.Count) throw new InvalidDataException($"{path}: line {i + 2} has {f.Length} fields, expected {header.Count}.");
            return (int.TryParse(f[ci], out var img) ? img : throw new InvalidDataException($"{path}: line {i + 2}: image '{f[ci]}' is not an index."), f[cd].Trim(), f[cc].Trim());
        }).ToList();
    }

    private static readonly Option<string> Distance = new("--distance") { Description = "correlation or euclidean", DefaultValueFactory = _ => "correlation" };
    private static readonly Option<bool> AsRdm = new("--rdm") { Description = "Inputs are square RDMs rather than responses" };

    private static Rdm LoadRdm(ParseResult p, FileInfo f, string what)
    {
        var m = Load(f, what);
        if (p.GetValue(AsRdm)) return Rdm.FromSquare(m);
        return Rdm.FromResponses(m, p.GetValue(Distance) switch
        {
            "correlation" => RdmDistance.Correlation, "euclidean" => RdmDistance.Euclidean,
            var o => throw new ArgumentException($"Unknown distance '{o}'; use correlation or euclidean."),
        });
    }

    private static Command RdmCmd()
    {
        Option<FileInfo> r = File("--responses", "Responses (stimuli x features)"), outF = File("--npy", "Square RDM .npy to write");
        var c = New("rdm", "Representational dissimilarity matrix", r, outF, Distance);
        Run(c, (p, _) =>
        {
            var rdm = LoadRdm(p, p.GetValue(r)!, "responses");
            NpyFile.Write(p.GetValue(outF)!.FullName, rdm.ToSquare());
            return (rdm, new Dictionary<string, object?> { ["metric"] = "rdm", ["stimuli"] = rdm.Count, ["out"] = p.GetValue(outF)!.FullName });
        });
        return c;
    }

    private static readonly Option<int> Permutations = new Option<int>("--permutations") { Description = "Permutations of stimulus labels (0: none)", DefaultValueFactory = _ => 10_000 }.AtLeast(0);
    private static readonly Option<int> Seed = SharedOptions.Seed("numpy RandomState seed of the permutations", 0);

    private static Command RsaCmd()
    {
        Option<FileInfo> a = File("--a", "Model responses or RDM"), b = File("--b", "Brain responses or RDM");
        var comparison = new Option<string>("--comparison") { Description = "spearman, kendall or pearson", DefaultValueFactory = _ => "spearman" };
        var bootstrap = new Option<int>("--bootstraps") { Description = "Bootstrap resamples over stimuli (0: none)", DefaultValueFactory = _ => 0 }.Resamples();
        var c = New("rsa", "RSA: RDM correlation with a permutation test over stimulus labels", a, b, comparison, Permutations, Seed, bootstrap, Distance, AsRdm);
        Run(c, (p, ct) =>
        {
            var rsa = new Rsa(p.GetValue(comparison) switch
            {
                "spearman" => RdmComparison.Spearman, "kendall" => RdmComparison.Kendall, "pearson" => RdmComparison.Pearson,
                var o => throw new ArgumentException($"Unknown comparison '{o}'; use spearman, kendall or pearson."),
            });
            var ra = LoadRdm(p, p.GetValue(a)!, "A"); var rb = LoadRdm(p, p.GetValue(b)!, "B");
            var json = new Dictionary<string, object?> { ["metric"] = "rsa", ["comparison"] = rsa.Comparison.ToString().ToLowerInvariant() };
            IMimeRenderable shown;
            var sw = Stopwatch.StartNew();
            if (p.GetValue(Permutations) > 0)
            {
                var t = TerminalProgress.Run("permutations", line => rsa.PermutationTest(ra, rb, p.GetValue(Permutations), (uint)p.GetValue(Seed), ct, line.Counter(p.GetValue(Permutations), "permutations")));
                json["rsa"] = t.Observed; json["p_value"] = t.PValue; json["permutations"] = t.Null.Count;
                shown = t;
            }
            else { var v = rsa.Compare(ra, rb); json["rsa"] = v; shown = Summary("RSA", json); }
            json["compute_seconds"] = sw.Elapsed.TotalSeconds;
            if (p.GetValue(bootstrap) > 0)
            {
                var bs = rsa.Bootstrap(ra, rb, p.GetValue(bootstrap), (uint)p.GetValue(Seed), cancellationToken: ct);
                json["bootstrap_se"] = bs.StandardError; json["bootstrap_ci"] = new[] { bs.Lower, bs.Upper };
            }
            return (shown, json);
        });
        return c;
    }

    private static Command PartialRsa()
    {
        Option<FileInfo> a = File("--a", "Model responses or RDM"), b = File("--b", "Brain responses or RDM"), cov = File("--covariate", "Covariate responses or RDM (e.g. pixels)");
        var c = New("partial-rsa", "Partial Spearman RSA controlling a covariate RDM, with a permutation test", a, b, cov, Permutations, Seed, Distance, AsRdm);
        Run(c, (p, ct) =>
        {
            var ra = LoadRdm(p, p.GetValue(a)!, "A"); var rb = LoadRdm(p, p.GetValue(b)!, "B"); var rc = LoadRdm(p, p.GetValue(cov)!, "covariate");
            var json = new Dictionary<string, object?> { ["metric"] = "partial-rsa" };
            if (p.GetValue(Permutations) > 0)
            {
                var t = TerminalProgress.Run("permutations", line => Rsa.PartialPermutationTest(ra, rb, rc, p.GetValue(Permutations), (uint)p.GetValue(Seed), ct, line.Counter(p.GetValue(Permutations), "permutations")));
                json["partial_rsa"] = t.Observed; json["p_value"] = t.PValue; json["permutations"] = t.Null.Count;
                return (t, json);
            }
            json["partial_rsa"] = Rsa.PartialSpearman(ra, rb, rc);
            return (Summary("Partial Spearman RSA", json), json);
        });
        return c;
    }

    private static Command Cka()
    {
        Option<FileInfo> x = File("--x", "Representation A (stimuli x features)"), y = File("--y", "Representation B (stimuli x features)");
        var c = New("cka", "Linear centered kernel alignment", x, y);
        Run(c, (p, _) =>
        {
            var r = LinearCka.Compute(Load(p.GetValue(x)!, "X"), Load(p.GetValue(y)!, "Y"));
            return (r, new Dictionary<string, object?> { ["metric"] = "cka", ["cka"] = r.Cka });
        });
        return c;
    }

    private static Command LinearAlignmentCmd()
    {
        Option<FileInfo> x = File("--x", "Representation A"), y = File("--y", "Representation B");
        var alpha = new Option<double>("--alpha") { Description = "Ridge penalty", DefaultValueFactory = _ => 1.0 };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds", DefaultValueFactory = _ => 5 }.AtLeast(2);
        var seed = SharedOptions.Seed("KFold shuffle seed", 0);
        var c = New("linear-alignment", "Symmetrised cross-validated ridge R^2", x, y, alpha, folds, seed);
        Run(c, (p, ct) =>
        {
            var r = new LinearAlignment(p.GetValue(alpha), p.GetValue(folds), (uint)p.GetValue(seed)).Compute(Load(p.GetValue(x)!, "X"), Load(p.GetValue(y)!, "Y"), ct);
            return (r, new Dictionary<string, object?> { ["metric"] = "linear-alignment", ["alignment"] = r.Alignment, ["r2_a_to_b"] = r.AToB, ["r2_b_to_a"] = r.BToA });
        });
        return c;
    }

    private static Command Fdr()
    {
        var pf = File("--p", "p-values: text (one per line) or .npy");
        var q = new Option<double>("--fdr") { Description = "Benjamini-Hochberg false discovery rate level", DefaultValueFactory = _ => 0.05 }.Within(0, 1);
        var c = New("fdr", "Benjamini-Hochberg adjusted p-values", pf, q);
        Run(c, (p, _) =>
        {
            var f = p.GetValue(pf)!;
            var values = f.Extension == ".npy" ? NpyFile.Read(f.FullName).Data : LabelFile.ReadNumbers(f.FullName).ToArray();
            var r = FalseDiscoveryRate.BenjaminiHochberg(values, p.GetValue(q));
            return (r, new Dictionary<string, object?> { ["metric"] = "fdr", ["adjusted"] = r.Adjusted, ["reject"] = r.Reject });
        });
        return c;
    }

    private static IMimeRenderable Summary(string title, Dictionary<string, object?> json) => new KeyValues(title, json);

    private sealed record KeyValues(string Title, Dictionary<string, object?> Values) : IMimeRenderable
    {
        public IReadOnlyDictionary<string, string> ToMimeBundle() => new Dictionary<string, string>
        {
            [MimeTypes.Plain] = Title + "\n" + string.Join("\n", Values.Select(kv => $"  {kv.Key}: {Format(kv.Value)}")),
        };

        private static string Format(object? v) => v switch
        {
            double d => d.ToString("G6", CultureInfo.InvariantCulture),
            System.Collections.IEnumerable e and not string => string.Join(", ", e.Cast<object>().Select(Format)),
            _ => v?.ToString() ?? "",
        };
    }
}
