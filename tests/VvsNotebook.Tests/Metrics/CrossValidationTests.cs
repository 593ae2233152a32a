using MathNet.Numerics.LinearAlgebra;
using VvsNotebook.Metrics.CrossValidation;
using VvsNotebook.Metrics.Numerics;

namespace VvsNotebook.Tests.Metrics;

public class CrossValidationTests
{
    private static Matrix<double> Row(IEnumerable<double> v) => Matrix<double>.Build.DenseOfRowArrays(v.ToArray());

    [Fact]
    public void RandomState_permutations_and_doubles_match_numpy()
    {
        var rng = new NumpyRandomState(1234);
        var perms = Enumerable.Range(0, 3).SelectMany(_ => rng.Permutation(50)).Select(i => (double)i).ToArray();
        var d = new NumpyRandomState(7).NextDouble();
        using var py = new PythonReference();
        var r = py.Run("""
rs = np.random.RandomState(1234)
outputs['p'] = np.concatenate([rs.permutation(50) for _ in range(3)])
outputs['d'] = np.array([np.random.RandomState(7).random_sample()])
""", new Dictionary<string, Matrix<double>>());
        Assert.Equal(r["p"].Data, perms);
        Assert.Equal(r["d"].Data[0], d);
    }

    [Fact]
    public void Stratified_shuffle_splits_match_scikit_learn_index_for_index()
    {
        // Uneven classes exercise _approximate_mode's random tie-breaking.
        var labels = Enumerable.Range(0, 137).Select(i => "obj" + (i * 7 % 11 % (i % 3 + 3))).ToArray();
        var splits = new StratifiedShuffleSplits(10, 0.9, 1).GetSplits(labels.Length, labels);
        var codes = labels.Select(l => (double)int.Parse(l[3..])).ToArray();
        using var py = new PythonReference();
        var r = py.Run("""
from sklearn.model_selection import StratifiedShuffleSplit
y = inputs['y'][0].astype(int).astype(str)
y = np.array(['obj' + v for v in y])
tr, te = [], []
for a, b in StratifiedShuffleSplit(n_splits=10, train_size=0.9, random_state=1).split(np.zeros(len(y)), y):
    tr.append(a); te.append(b)
outputs['train'] = np.concatenate(tr); outputs['test'] = np.concatenate(te)
""", new Dictionary<string, Matrix<double>> { ["y"] = Row(codes) });
        Assert.Equal(r["train"].Data, splits.SelectMany(s => s.Train).Select(i => (double)i));
        Assert.Equal(r["test"].Data, splits.SelectMany(s => s.Test).Select(i => (double)i));
    }

    [Fact]
    public void Shuffle_and_kfold_splits_match_scikit_learn()
    {
        var ss = new ShuffleSplits(10, 0.5, 1).GetSplits(20);
        var kf = new KFoldSplits(5, true, 0).GetSplits(23);
        using var py = new PythonReference();
        var r = py.Run("""
from sklearn.model_selection import ShuffleSplit, KFold
s = list(ShuffleSplit(n_splits=10, train_size=0.5, random_state=1).split(np.arange(20)))
outputs['ss_train'] = np.concatenate([a for a, b in s]); outputs['ss_test'] = np.concatenate([b for a, b in s])
k = list(KFold(5, shuffle=True, random_state=0).split(np.arange(23)))
outputs['kf_train'] = np.concatenate([a for a, b in k]); outputs['kf_test'] = np.concatenate([b for a, b in k])
""", new Dictionary<string, Matrix<double>>());
        Assert.Equal(r["ss_train"].Data, ss.SelectMany(s => s.Train).Select(i => (double)i));
        Assert.Equal(r["ss_test"].Data, ss.SelectMany(s => s.Test).Select(i => (double)i));
        Assert.Equal(r["kf_train"].Data, kf.SelectMany(s => s.Train).Select(i => (double)i));
        Assert.Equal(r["kf_test"].Data, kf.SelectMany(s => s.Test).Select(i => (double)i));
    }

    [Fact]
    public void A_split_that_would_leave_a_class_empty_is_a_clear_error()
    {
        var labels = Enumerable.Range(0, 40).Select(i => "c" + (i % 8)).ToArray(); // 8 classes, test set of 4
        var e = Assert.Throws<ArgumentException>(() => new StratifiedShuffleSplits(10, 0.9, 1).GetSplits(40, labels));
        Assert.Contains("test set", e.Message);
        var single = Enumerable.Range(0, 30).Select(i => i == 0 ? "lonely" : "c" + (i % 2)).ToArray();
        Assert.Contains("lonely", Assert.Throws<ArgumentException>(() => new StratifiedShuffleSplits().GetSplits(30, single)).Message);
    }

    [Fact]
    public void Split_files_round_trip_and_bad_indices_are_named()
    {
        var splits = new KFoldSplits(3, true, 2).GetSplits(9);
        var back = SplitFile.Parse(SplitFile.ToJson(splits));
        Assert.Equal(splits.Select(s => s.Test.ToArray()), back.Select(s => s.Test.ToArray()));
        var bad = new ExplicitSplits(SplitFile.Parse("""[{"train": [0, 1, 2], "test": [2, 3]}]"""));
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => bad.GetSplits(5)).Message);
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => new ExplicitSplits(SplitFile.Parse("""[{"train": [0, 9], "test": [1]}]""")).GetSplits(5)).Message);
        Assert.Throws<InvalidDataException>(() => SplitFile.Parse("""{"train": [1]}"""));
    }
}
