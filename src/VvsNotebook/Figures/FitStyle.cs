namespace VvsNotebook.Figures;

/// <summary>
/// How <see cref="FitTraces.Traces"/> draws one fit: the paper's per-figure choices (colour, how far the curve runs past
/// the data, the band's level and opacity, the points' opacity), so several fits can share one figure.
/// </summary>
public sealed record FitStyle
{
    /// <summary>Colour of points, line and band (hex <c>#rrggbb</c>).</summary>
    public string Color { get; init; } = "#008b8b";
    /// <summary>Legend text of the fitted line; default: the law, e.g. <c>S = 0.48 - 0.55 C^-0.16</c>.</summary>
    public string? Label { get; init; }
    /// <summary>Legend text of the points (default "models"; null hides them from the legend).</summary>
    public string? PointsLabel { get; init; } = "models";
    /// <summary>The curve runs from the smallest input to this many times the largest (the paper's <c>x_extend</c>).</summary>
    public double XExtend { get; init; } = 1.0;
    /// <summary>The band's own extension (Fig. 5a draws it without one); default: <see cref="XExtend"/>.</summary>
    public double? BandXExtend { get; init; }
    /// <summary>Percentile level of the bootstrap band (95; Fig. 2a at the repository's HEAD uses 70).</summary>
    public double Level { get; init; } = 95;
    public double BandOpacity { get; init; } = 0.2;
    public double PointOpacity { get; init; } = 0.35;
    public double PointSize { get; init; } = 7;
    public double LineWidth { get; init; } = 3;
    /// <summary>Plotly dash style of the line (<c>dash</c>, <c>dot</c>, <c>dashdot</c>, …); null for solid.</summary>
    public string? Dash { get; init; }
    public bool ShowPoints { get; init; } = true;
    /// <summary>Draw the bootstrap band when the fit has one.</summary>
    public bool ShowBand { get; init; } = true;
    /// <summary>Points on the curve and band.</summary>
    public int CurvePoints { get; init; } = 100;
}
