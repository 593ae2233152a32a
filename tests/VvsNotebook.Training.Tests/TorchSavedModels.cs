using System.Text.Json;
using VvsNotebook.Training.Models;

namespace VvsNotebook.Training.Tests;

/// <summary>One model PyTorch saved (checkpoint_reference.py save): its folder of .pt files and tensors/*.npy, and its spec.</summary>
public sealed record TorchSavedModel(string Folder, ModelSpec Spec)
{
    public string File(string name) => Path.Combine(Folder, name);

    /// <summary>The state dict's names in PyTorch's order.</summary>
    public IReadOnlyList<string> Names => JsonSerializer.Deserialize<string[]>(System.IO.File.ReadAllText(Path.Combine(Folder, "tensors", "names.json")))!;

    public string Tensor(string name) => Path.Combine(Folder, "tensors", name + ".npy");
}

/// <summary>
/// small_cnn (width 1) and resnet18 (width 0.25), 28x28 grey, 10 classes, written by PyTorch once for the whole
/// collection: plain, nested (DataParallel names + optimizer), under "model_state_dict" (torch.compile names),
/// protocol 4, legacy non-zip, and a whole pickled model.
/// </summary>
public sealed class TorchSavedModels : IDisposable
{
    public const string Collection = "models saved by PyTorch";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-torch-saved-");
    private readonly Dictionary<string, TorchSavedModel> _saved = [];

    public static ModelSpec Spec(string arch, double width) => new(arch, width, Input: InputShape.FashionMnist, NumClasses: 10);

    /// <summary>The model of <paramref name="arch"/>, saved by PyTorch on first use.</summary>
    public TorchSavedModel Get(string arch)
    {
        if (_saved.TryGetValue(arch, out var saved)) return saved;
        var spec = arch switch { "small_cnn" => Spec(arch, 1.0), "resnet18" => Spec(arch, 0.25), _ => throw new ArgumentException(arch) };
        var folder = Path.Combine(_dir.FullName, arch);
        TorchReference.Run("save", "--arch", arch, "--width", spec.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", folder, "--seed", "1");
        return _saved[arch] = new TorchSavedModel(folder, spec);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}

[CollectionDefinition(TorchSavedModels.Collection)]
public sealed class TorchSavedModelsCollection : ICollectionFixture<TorchSavedModels>;
