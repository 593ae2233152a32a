using System.Globalization;
using System.Text.Json;
using TorchSharp;
using VvsNotebook.Activations;
using VvsNotebook.Assemblies;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Checkpoints;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;

namespace VvsNotebook.Training.Tests;

/// <summary>torch.save files read against what PyTorch itself wrote and reads (Debian's python3-torch 1.13).</summary>
[Collection(TorchSavedModels.Collection)]
public sealed class PyTorchCheckpointTests : IDisposable
{
    private readonly TorchSavedModels _models;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-ckpt-");

    public PyTorchCheckpointTests(TorchSavedModels models)
    {
        _models = models;
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    [TorchTheory]
    [InlineData("small_cnn", "plain.pt", "", "")]
    [InlineData("small_cnn", "nested.pt", "state_dict", "module.")]
    [InlineData("small_cnn", "model_state_dict.pt", "model_state_dict", "_orig_mod.")]
    [InlineData("small_cnn", "protocol4.pt", "", "")]
    [InlineData("resnet18", "nested.pt", "state_dict", "module.")]
    public void every_torch_save_form_gives_pytorchs_tensors_bit_for_bit_and_loads_strictly(string arch, string file, string location, string prefix)
    {
        var saved = _models.Get(arch);
        using var state = PyTorchCheckpoint.Read(saved.File(file));
        Assert.Equal(location, state.Location);
        Assert.Equal(prefix, string.Concat(state.StrippedPrefixes));
        Assert.Equal(saved.Names, state.Tensors.Keys);
        foreach (var name in saved.Names) AssertSame(NpyFile.Read(saved.Tensor(name)), state.Tensors[name], name);
        if (file == "nested.pt")
        {
            // Bookkeeping beside the weights is kept; the optimizer's state (a dict of lists and tensors) is not.
            Assert.Equal(7L, state.Metadata["epoch"]);
            Assert.Equal(arch, state.Metadata["arch"]);
            Assert.False(state.Metadata.ContainsKey("optimizer"));
        }

        using var model = ModelZoo.Create(saved.Spec);
        var report = PyTorchCheckpoint.LoadInto(model, state);
        Assert.Equal(saved.Names.Count, report.Loaded);
        Assert.Empty(report.Defaulted);
        var loaded = model.state_dict();
        foreach (var name in saved.Names) AssertSame(NpyFile.Read(saved.Tensor(name)), loaded[name], name);
    }

    [TorchFact]
    public void a_legacy_checkpoint_a_whole_pickled_model_and_other_files_are_refused_with_what_to_do()
    {
        var saved = _models.Get("small_cnn");
        var legacy = Assert.Throws<PyTorchCheckpointException>(() => PyTorchCheckpoint.Read(saved.File("legacy.pt")));
        Assert.Contains("legacy (pre-1.6, non-zip) format", legacy.Message);
        Assert.Contains("PyTorch >= 1.6", legacy.Message);
        Assert.Contains("torch.save(torch.load(old_path, map_location=\"cpu\"), new_path)", legacy.Message);
        Assert.Contains("_use_new_zipfile_serialization=True", legacy.Message);

        var whole = Assert.Throws<PyTorchCheckpointException>(() => PyTorchCheckpoint.Read(saved.File("whole.pt")));
        Assert.Contains("whole pickled model (vvs_zoo.SmallCnn", whole.Message);
        Assert.Contains("torch.save(model.state_dict(), path)", whole.Message);

        var text = Path.Combine(_dir.FullName, "notes.pt");
        File.WriteAllText(text, "not a checkpoint");
        Assert.Contains("is not a PyTorch checkpoint", Assert.Throws<PyTorchCheckpointException>(() => PyTorchCheckpoint.Read(text)).Message);
        var cut = Path.Combine(_dir.FullName, "cut.pt");
        var bytes = File.ReadAllBytes(saved.File("plain.pt"));
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        Assert.Contains("truncated or damaged", Assert.Throws<PyTorchCheckpointException>(() => PyTorchCheckpoint.Read(cut)).Message);
        Assert.Throws<FileNotFoundException>(() => PyTorchCheckpoint.Read(Path.Combine(_dir.FullName, "absent.pt")));
    }

    [TorchFact]
    public void keys_and_shapes_that_do_not_fit_are_all_named_in_one_message_and_strict_loading_copies_nothing()
    {
        var cnn = _models.Get("small_cnn");
        using var resnet = ModelZoo.Create(TorchSavedModels.Spec("resnet18", 0.25));
        var mismatch = Assert.Throws<StateDictMismatchException>(() => PyTorchCheckpoint.LoadInto(resnet, cnn.File("plain.pt")));
        Assert.Contains("conv1.weight", mismatch.Missing);
        Assert.Contains("fc.bias", mismatch.Missing);
        Assert.Contains("features.0.weight", mismatch.Unexpected);
        Assert.Contains("missing from the checkpoint (", mismatch.Message);
        Assert.Contains("unexpected in the checkpoint (14): features.0.weight; ", mismatch.Message);
        Assert.Contains("... and ", mismatch.Message); // 122 missing names, the first 12 listed

        var r18 = _models.Get("resnet18");
        using var fiveClasses = ModelZoo.Create(r18.Spec with { NumClasses = 5 });
        var before = fiveClasses.state_dict()["conv1.weight"].clone();
        var shapes = Assert.Throws<StateDictMismatchException>(() => PyTorchCheckpoint.LoadInto(fiveClasses, r18.File("nested.pt")));
        Assert.Empty(shapes.Missing);
        Assert.Empty(shapes.Unexpected);
        Assert.Equal(["fc.bias", "fc.weight"], shapes.ShapeMismatches.Select(s => s.Name).Order());
        Assert.Contains("fc.weight is [10, 128] in the checkpoint, [5, 128] in the model", shapes.Message);
        Assert.True(fiveClasses.state_dict()["conv1.weight"].eq(before).all().item<bool>());

        var report = PyTorchCheckpoint.LoadInto(fiveClasses, r18.File("nested.pt"), strict: false);
        Assert.Equal(r18.Names.Count - 2, report.Loaded);
        Assert.Equal(2, report.ShapeMismatches.Count);
        AssertSame(NpyFile.Read(r18.Tensor("conv1.weight")), fiveClasses.state_dict()["conv1.weight"], "conv1.weight");
    }

    [TorchTheory]
    [InlineData("small_cnn", 1.0)]
    [InlineData("resnet18", 0.25)]
    [InlineData("alexnet", 0.25)]
    public void a_saved_zoo_model_loads_in_pytorch_with_the_same_tensors_and_logits(string arch, double width)
    {
        torch.manual_seed(3);
        var spec = TorchSavedModels.Spec(arch, width);
        using var model = ModelZoo.Create(spec);
        RandomizeBatchNorm(model);
        var path = Path.Combine(_dir.FullName, "model.pt");
        PyTorchCheckpoint.Save(model, path);

        var source = new TorchActivationSource(spec.Id, model, spec.InputShape, FashionMnist.Normalization);
        var output = source.LayerNames[^1];
        var input = Path.Combine(_dir.FullName, "x.npy");
        var x = Enumerable.Range(0, 3 * 28 * 28).Select(i => Math.Sin(i * 0.37) * 2).ToArray();
        NpyFile.Write(input, new NpyArray([3, 1, 28, 28], x));
        var python = Path.Combine(_dir.FullName, "py");
        TorchReference.Run(["forward", "--arch", arch, "--width", width.ToString(CultureInfo.InvariantCulture), "--checkpoint", path,
            "--weights-only", "--dump-tensors", "--inputs", $"{input}={output}", "--out", python]);

        // torch.load(weights_only=True) gives our tensors bit for bit, in PyTorch's state_dict() order.
        var names = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(python, "tensors", "names.json")))!;
        Assert.Equal(PyTorchCheckpoint.StateInPyTorchOrder(model).Select(t => t.Name), names);
        var state = model.state_dict();
        foreach (var name in names) AssertSame(NpyFile.Read(Path.Combine(python, "tensors", name + ".npy")), state[name], name);

        model.eval();
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var logits = model.call(torch.tensor(x.Select(v => (float)v).ToArray(), [3, 1, 28, 28])).data<float>().ToArray();
        var reference = NpyFile.Read(Path.Combine(python, "x", output + ".npy"));
        Assert.Equal([3, spec.NumClasses], reference.Shape);
        AssertClose(reference.Data, logits.Select(v => (double)v).ToArray(), output);
    }

    [TorchFact]
    public void timm_and_cornet_names_with_wrapper_prefixes_load_onto_the_zoo()
    {
        foreach (var (arch, rules) in new[]
        {
            ("vit_tiny", new[] { "patch_embed.=patch_embed.proj." }),
            ("cornet_s", new[] { "V2.norms.=V2.", "V4.norms.=V4.", "IT.norms.=IT." }),
        })
        {
            torch.manual_seed(5);
            var spec = TorchSavedModels.Spec(arch, 0.25);
            using var original = ModelZoo.Create(spec);
            var ours = Path.Combine(_dir.FullName, arch + ".pt");
            var theirs = Path.Combine(_dir.FullName, arch + "-renamed.pt");
            PyTorchCheckpoint.Save(original, ours);
            TorchReference.Run(["rename", "--checkpoint", ours, "--out", theirs, "--prefix", "module.", .. rules.SelectMany(r => new[] { "--rule", r })]);

            using var copy = ModelZoo.Create(spec);
            var report = PyTorchCheckpoint.LoadInto(copy, theirs);
            Assert.Equal(["module."], report.StrippedPrefixes);
            Assert.NotEmpty(report.Renamed);
            Assert.All(report.Renamed, kv => Assert.Contains(arch == "vit_tiny" ? "patch_embed.proj." : ".norm", kv.Key));
            var expected = original.state_dict();
            foreach (var (name, tensor) in copy.state_dict()) Assert.True(tensor.eq(expected[name]).all().item<bool>(), name);
        }
    }

    /// <summary>Random running statistics, so a forward shows whether the buffers arrived.</summary>
    internal static void RandomizeBatchNorm(nn.Module model)
    {
        using var _ = torch.no_grad();
        foreach (var (name, tensor) in model.state_dict())
        {
            if (name.EndsWith(".running_mean", StringComparison.Ordinal)) tensor.uniform_(-0.5, 0.5);
            else if (name.EndsWith(".running_var", StringComparison.Ordinal)) tensor.uniform_(0.5, 2.0);
            else if (name.EndsWith(".num_batches_tracked", StringComparison.Ordinal)) tensor.fill_(17);
        }
    }

    internal static void AssertSame(NpyArray expected, Tensor actual, string name)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.shape.Select(d => (int)d)), $"{name}: shape [{string.Join(", ", expected.Shape)}] vs [{string.Join(", ", actual.shape)}]");
        var values = actual.to(ScalarType.Float64).data<double>().ToArray();
        for (var i = 0; i < values.Length; i++)
            if (values[i] != expected.Data[i]) Assert.Fail($"{name}[{i}]: {values[i]:R} vs PyTorch's {expected.Data[i]:R}");
    }

    /// <summary>Elementwise within 1e-4 of the reference's largest magnitude (float32 kernels differ in summation order).</summary>
    /// <returns>The largest difference relative to that scale.</returns>
    internal static double AssertClose(double[] expected, double[] actual, string name, double relative = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(expected.Max(Math.Abs), 1e-6);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= relative * scale, $"{name}: largest difference {worst:G3} against a scale of {scale:G3} (tolerance {relative:G1} relative)");
        return worst / scale;
    }
}
