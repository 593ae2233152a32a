using TorchSharp;
using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Runtime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VvsNotebook.Training.Activations;

/// <summary>
/// A torch model as the metrics see it: forward hooks capture the named layers' outputs, flattened per image.
/// Images are converted to the model's input (grey = channel mean, box-filtered then bilinear resize to its side) and
/// normalised; each batch runs in its own dispose scope without gradients.
/// </summary>
public sealed class TorchActivationSource : IActivationSource, IDisposable
{
    private readonly Module<Tensor, Tensor> _model;
    private readonly Dictionary<string, Module<Tensor, Tensor>> _layers;
    private readonly Models.InputShape _input;
    private readonly (float Mean, float Std) _normalization;
    private readonly int _batchSize;

    private readonly bool _ownsModel;

    /// <param name="ownsModel">Dispose <paramref name="model"/> with this source (as <see cref="TrainedRunSource"/> does for the models it builds).</param>
    public TorchActivationSource(string modelId, Module<Tensor, Tensor> model, Models.InputShape input, (float Mean, float Std) normalization, int batchSize = 64, bool ownsModel = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        TorchRuntime.EnsureLoaded();
        ModelId = modelId; _model = model; _input = input; _normalization = normalization; _batchSize = batchSize; _ownsModel = ownsModel;
        var named = Models.ModuleTree.DepthFirst(model).Where(m => m.Name.Length > 0 && m.Module is Module<Tensor, Tensor>).ToList();
        _layers = named.ToDictionary(m => m.Name, m => (Module<Tensor, Tensor>)m.Module);
        LayerNames = named.Select(m => m.Name).ToList();
    }

    public string ModelId { get; }

    /// <summary>Every named submodule with a tensor output, in registration (forward) order.</summary>
    public IReadOnlyList<string> LayerNames { get; }

    public IReadOnlyDictionary<string, Matrix<double>> GetActivations(ImageBatch images, IReadOnlyList<string> layers, CancellationToken cancellationToken = default)
    {
        if (layers.Count == 0) throw new ArgumentException("Ask for at least one layer.", nameof(layers));
        foreach (var name in layers)
            if (!_layers.ContainsKey(name))
                throw new ArgumentException($"Model {ModelId} has no layer '{name}'. Layers: {string.Join(", ", LayerNames.Take(40))}{(LayerNames.Count > 40 ? ", ..." : "")}.", nameof(layers));

        var rows = new Dictionary<string, List<float[]>>();
        foreach (var name in layers) rows[name] = new List<float[]>(images.Count);
        // A module called more than once per forward (a ResNet block's relu) keeps its last output, as Brain-Score's
        // hooks do; copied at once, since in-place operations later in the forward overwrite it.
        var latest = new Dictionary<string, (float[] Values, long Images)>();
        var hooks = layers.Distinct().Select<string, Action>(name => _layers[name].register_forward_hook((_, _, output) =>
        {
            using var flat = output.detach().reshape(output.size(0), -1).to(ScalarType.Float32).cpu().contiguous();
            latest[name] = (flat.data<float>().ToArray(), output.size(0));
            return output;
        }).remove).ToList();

        var wasTraining = _model.training;
        _model.eval();
        try
        {
            using var _ = torch.no_grad();
            // Images go to the model's device and element type (a GPU, or a model converted to bf16).
            var (device, dtype) = _model.parameters().Select(p => (p.device, p.dtype)).First();
            for (var start = 0; start < images.Count; start += _batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(_batchSize, images.Count - start);
                using var scope = torch.NewDisposeScope();
                _model.call(torch.tensor(Prepare(images, start, count), _input.BatchShape(count)).to(dtype, device));
                foreach (var (name, (values, batch)) in latest)
                {
                    var width = values.Length / batch;
                    for (var i = 0; i < batch; i++) rows[name].Add(values.AsSpan((int)(i * width), (int)width).ToArray());
                }
                latest.Clear();
            }
        }
        finally
        {
            foreach (var remove in hooks) remove();
            _model.train(wasTraining);
        }

        // Building the matrices of every layer of a network is seconds of work: it stops at the next layer when cancelled.
        return layers.Distinct().ToDictionary(name => name, name =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var list = rows[name];
            var width = list.Count == 0 ? 0 : list[0].Length;
            var values = new double[list.Count * width]; // column-major
            for (var i = 0; i < list.Count; i++)
            {
                var row = list[i];
                for (var j = 0; j < width; j++) values[j * list.Count + i] = row[j];
            }
            return Matrix<double>.Build.Dense(list.Count, width, values);
        });
    }

    public void Dispose()
    {
        if (_ownsModel) _model.Dispose();
    }

    /// <summary>Images [start, start+count) in the model's channels and size, normalised.</summary>
    private float[] Prepare(ImageBatch images, int start, int count) => Prepare(images, start, count, _input, _normalization, ModelId);

    /// <summary>Images [start, start+count) as a model of <paramref name="input"/> sees them (what <see cref="GetActivations"/> feeds it).</summary>
    internal static float[] Prepare(ImageBatch images, int start, int count, Models.InputShape input, (float Mean, float Std) normalization, string modelId)
    {
        int size = input.Size, channels = input.Channels, plane = images.Height * images.Width;
        if (channels != 1 && channels != images.Channels)
            throw new ArgumentException($"Model {modelId} takes {channels}-channel images; the batch has {images.Channels}.");
        var output = new float[count * channels * size * size];
        var bytes = new byte[channels * plane];
        for (var i = 0; i < count; i++)
        {
            var source = images.Pixels.AsSpan((start + i) * images.ImageSize, images.ImageSize);
            for (var c = 0; c < channels; c++)
                for (var p = 0; p < plane; p++)
                {
                    // Grey models see the channel mean; values go through bytes to share the resampler with training.
                    var v = channels == images.Channels ? source[c * plane + p] : Mean(source, p, plane, images.Channels);
                    bytes[c * plane + p] = (byte)Math.Clamp(MathF.Round(v * 255f), 0, 255);
                }
            var (reduced, height, width) = BoxReduce(bytes, channels, images.Height, images.Width, size);
            Augmentation.Resize(reduced, channels, height, width, 0, 0, height, width, false,
                output.AsSpan(i * channels * size * size, channels * size * size), size, normalization.Mean, normalization.Std);
        }
        return output;
    }

    /// <summary>
    /// Averages k x k blocks (k = the integer shrink factor) before the bilinear step, so large stimuli shown to a
    /// small-input model are low-pass filtered instead of aliased.
    /// </summary>
    private static (byte[] Pixels, int Height, int Width) BoxReduce(byte[] image, int channels, int height, int width, int size)
    {
        var k = Math.Min(height, width) / size;
        if (k < 2) return (image, height, width);
        int h = height / k, w = width / k;
        var result = new byte[channels * h * w];
        for (var c = 0; c < channels; c++)
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < k; dy++)
                        for (var dx = 0; dx < k; dx++)
                            sum += image[(c * height + y * k + dy) * width + x * k + dx];
                    result[(c * h + y) * w + x] = (byte)((sum + k * k / 2) / (k * k));
                }
        return (result, h, w);
    }

    private static float Mean(ReadOnlySpan<float> image, int pixel, int plane, int channels)
    {
        var sum = 0f;
        for (var c = 0; c < channels; c++) sum += image[c * plane + pixel];
        return sum / channels;
    }
}
