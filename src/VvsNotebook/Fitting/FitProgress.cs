namespace VvsNotebook.Fitting;

/// <summary>Progress of a fit or a bootstrap: <paramref name="Done"/> of <paramref name="Total"/> units of <paramref name="Stage"/>.</summary>
public readonly record struct FitProgress(string Stage, int Done, int Total);
