using MathNet.Numerics.LinearAlgebra;

namespace VvsNotebook.Metrics.Regression;

/// <summary>A configured regression (scikit-learn's estimator shape): <see cref="Fit"/> returns a fitted model.</summary>
public interface IRegression
{
    /// <summary>Short name used in result tables, e.g. <c>pls</c> or <c>ridge</c>.</summary>
    string Name { get; }

    IRegressionFit Fit(Matrix<double> x, Matrix<double> y, CancellationToken cancellationToken = default);
}

/// <summary>A fitted regression from stimuli x features to stimuli x targets.</summary>
public interface IRegressionFit
{
    Matrix<double> Predict(Matrix<double> x);
}
