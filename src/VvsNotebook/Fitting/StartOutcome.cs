using VvsNotebook.Fitting.Optimization;

namespace VvsNotebook.Fitting;

/// <summary>Where one start of the grid ended.</summary>
public sealed record StartOutcome(int Index, double[] Start, double[] Parameters, double Loss, int Iterations, BfgsStatus Status);
