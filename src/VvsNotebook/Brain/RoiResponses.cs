using MathNet.Numerics.LinearAlgebra;

namespace VvsNotebook.Brain;

/// <summary>
/// One subject's single-trial responses in one region of interest: <paramref name="Trials"/> is trials x voxels,
/// <paramref name="Stimulus"/> gives each trial's index into the set's stimuli and <paramref name="Repetition"/> its
/// repetition id (what split-half reliability splits).
/// </summary>
public sealed record RoiResponses(string Subject, string Roi, Matrix<double> Trials, IReadOnlyList<int> Stimulus, IReadOnlyList<int> Repetition)
{
    public int Voxels => Trials.ColumnCount;

    /// <summary>Trial-averaged responses, stimuli x voxels; every one of the <paramref name="stimulusCount"/> stimuli needs a trial.</summary>
    public Matrix<double> Averaged(int stimulusCount)
    {
        var sum = Matrix<double>.Build.Dense(stimulusCount, Trials.ColumnCount);
        var count = new int[stimulusCount];
        for (var t = 0; t < Trials.RowCount; t++)
        {
            var s = Stimulus[t];
            if (s < 0 || s >= stimulusCount)
                throw new ArgumentException($"{Subject}/{Roi}: trial {t} shows stimulus {s}, outside the set's {stimulusCount} stimuli.");
            count[s]++;
            for (var j = 0; j < Trials.ColumnCount; j++) sum[s, j] += Trials[t, j];
        }
        for (var s = 0; s < stimulusCount; s++)
        {
            if (count[s] == 0) throw new ArgumentException($"{Subject}/{Roi}: stimulus {s} has no trial; drop it from the set or load its trials.");
            for (var j = 0; j < Trials.ColumnCount; j++) sum[s, j] /= count[s];
        }
        return sum;
    }
}
