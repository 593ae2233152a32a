using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Activations;
using VvsNotebook.Training.Activations;
using VvsNotebook.Training.Data;
using VvsNotebook.Training.Models;
using static TorchSharp.torch;

namespace VvsNotebook.Training.Alignment;

/// <summary>
/// A reference made ready for training, computed once and shared by every alpha and seed: for an image reference its
/// features of each training image (float64, in training-set order) and of the validation images; for a brain
/// reference its stimuli as the model sees them, split into training stimuli (alignment batches) and a held-out fold
/// (validation alignment).
/// </summary>
public sealed class AlignmentTarget : IDisposable
{
    private AlignmentTarget(string name, Tensor? trainFeatures, Matrix<double>? validationFeatures, Tensor? stimuli, Tensor? responses,
        int[] stimulusTrain, int[] stimulusValidation, ImageBatch? validationImages)
    {
        Name = name; TrainFeatures = trainFeatures; ValidationFeatures = validationFeatures; StimulusImages = stimuli; StimulusResponses = responses;
        StimulusTrain = stimulusTrain; StimulusValidation = stimulusValidation; ValidationImages = validationImages;
    }

    public string Name { get; }

    /// <summary>Image reference: training images x features (float64), rows in training-set order.</summary>
    public Tensor? TrainFeatures { get; }

    /// <summary>The reference features of <see cref="ValidationImages"/> (image reference) or of the held-out stimuli (brain).</summary>
    public Matrix<double>? ValidationFeatures { get; }

    /// <summary>The images validation alignment is measured on: held-out task images, or the held-out brain stimuli.</summary>
    public ImageBatch? ValidationImages { get; }

    /// <summary>Brain reference: every stimulus as model input (float32, normalised) and the responses (float64).</summary>
    public Tensor? StimulusImages { get; }
    public Tensor? StimulusResponses { get; }
    public int[] StimulusTrain { get; }
    public int[] StimulusValidation { get; }

    public bool IsBrain => StimulusImages is not null;

    /// <summary>
    /// Prepares <paramref name="reference"/> for <paramref name="train"/> and <paramref name="validation"/> (image
    /// references), or splits its stimuli with one fold of <paramref name="folds"/> held out (brain references).
    /// </summary>
    public static AlignmentTarget Create(IAlignmentReference reference, ImageDataset train, ImageDataset validation, InputShape input,
        (float Mean, float Std) normalization, int folds = 5, int seed = 0, CancellationToken cancellationToken = default)
    {
        if (reference.Stimuli is { } stimuli)
        {
            var n = stimuli.Images.Count;
            if (n < 4 * folds) throw new ArgumentException($"{reference.Name} has {n} stimuli; training and held-out {folds}-fold alignment need at least {4 * folds}.");
            var split = new Metrics.CrossValidation.KFoldSplits(folds, true, (uint)seed).GetSplits(n)[0];
            var pixels = TorchActivationSource.Prepare(stimuli.Images, 0, n, input, normalization, reference.Name);
            var images = tensor(pixels, input.BatchShape(n)).DetachFromDisposeScope();
            var responses = tensor(stimuli.Responses.ToRowMajorArray(), [n, stimuli.Responses.ColumnCount], ScalarType.Float64).DetachFromDisposeScope();
            var held = split.Test.ToArray();
            var validationResponses = Matrix<double>.Build.Dense(held.Length, stimuli.Responses.ColumnCount, (i, j) => stimuli.Responses[held[i], j]);
            return new AlignmentTarget(reference.Name, null, validationResponses, images, responses, split.Train.ToArray(), held,
                Stimuli.ImageBatches.Select(stimuli.Images, held));
        }
        var trainImages = ToImageBatch(train, Enumerable.Range(0, train.Count).ToArray());
        var features = reference.Features(trainImages, cancellationToken);
        if (features.RowCount != train.Count) throw new InvalidOperationException($"{reference.Name} gave {features.RowCount} feature rows for {train.Count} images.");
        var trainFeatures = tensor(features.ToRowMajorArray(), [features.RowCount, features.ColumnCount], ScalarType.Float64).DetachFromDisposeScope();
        var validationImages = ToImageBatch(validation, Enumerable.Range(0, validation.Count).ToArray());
        return new AlignmentTarget(reference.Name, trainFeatures, reference.Features(validationImages, cancellationToken), null, null, [], [], validationImages);
    }

    /// <summary>Dataset images (bytes) as an <see cref="ImageBatch"/> in [0, 1].</summary>
    public static ImageBatch ToImageBatch(ImageDataset data, IReadOnlyList<int> indices)
    {
        var pixels = new float[indices.Count * data.ImageSize];
        for (var i = 0; i < indices.Count; i++)
        {
            var image = data.Image(indices[i]);
            for (var p = 0; p < image.Length; p++) pixels[i * data.ImageSize + p] = image[p] / 255f;
        }
        return new ImageBatch(pixels, indices.Count, data.Channels, data.Height, data.Width);
    }

    public void Dispose()
    {
        TrainFeatures?.Dispose(); StimulusImages?.Dispose(); StimulusResponses?.Dispose();
    }
}
