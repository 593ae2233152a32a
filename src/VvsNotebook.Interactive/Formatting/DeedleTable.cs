using System.Globalization;
using System.Reflection;
using System.Text;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// A Deedle <c>Frame&lt;R, C&gt;</c> or <c>Series&lt;K, V&gt;</c> as a compact paged table: keys as the index, the
/// first <see cref="MaxRows"/> rows and <see cref="MaxColumns"/> columns, cells cut to <see cref="MaxCellLength"/>
/// characters, and the full row and column counts in the caption. Found by type name through reflection, so VvsNotebook
/// needs no reference to Deedle or FSharp.Core; the HTML stays a few kilobytes whatever the frame's size.
/// </summary>
public sealed class DeedleTable
{
    /// <summary>At most this many rows go into the HTML (Deedle frames are often long; the caption gives the count).</summary>
    public const int MaxRows = 50;

    /// <summary>At most this many columns go into the HTML and the text.</summary>
    public const int MaxColumns = 20;

    /// <summary>Rows per HTML page.</summary>
    public const int PageSize = 10;

    /// <summary>Longer cell texts are cut, with an ellipsis.</summary>
    public const int MaxCellLength = 40;

    /// <summary>How Deedle itself prints a missing value.</summary>
    public const string Missing = "<missing>";

    private readonly List<(string Key, IReadOnlyList<string> Cells)> _rows;

    private DeedleTable(Type type, bool isFrame, IReadOnlyList<string> columns, List<(string, IReadOnlyList<string>)> rows,
        int rowCount, int columnCount)
    {
        Type = type;
        IsFrame = isFrame;
        Columns = columns;
        _rows = rows;
        RowCount = rowCount;
        ColumnCount = columnCount;
    }

    /// <summary>The frame's or series' runtime type.</summary>
    public Type Type { get; }

    /// <summary>True for a frame, false for a series.</summary>
    public bool IsFrame { get; }

    /// <summary>Headers of the columns shown (a series has one, <c>Value</c>).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows in the whole frame or keys in the whole series.</summary>
    public int RowCount { get; }

    /// <summary>Columns in the whole frame (1 for a series).</summary>
    public int ColumnCount { get; }

    /// <summary>The rows embedded: key text and cell texts.</summary>
    public IReadOnlyList<(string Key, IReadOnlyList<string> Cells)> Rows => _rows;

    /// <summary>True when <paramref name="type"/> is a Deedle frame or series.</summary>
    public static bool Handles(Type type) => DeedleBase(type) is not null;

    /// <summary>The table of a Deedle frame or series; null for anything else.</summary>
    public static DeedleTable? TryCreate(object value)
    {
        var type = value.GetType();
        return DeedleBase(type) switch
        {
            "Deedle.Frame`2" => FromFrame(value, type),
            "Deedle.Series`2" => FromSeries(value, type),
            _ => null,
        };
    }

    /// <summary>The paged HTML table.</summary>
    public string ToHtml() => PagedTableHtml.Render("", Columns, _rows, PageSize, Caption());

    /// <summary>An aligned preview of the first rows, then the counts and the type.</summary>
    public string ToPlainText()
    {
        const int previewRows = 10, width = 24;
        var keyWidth = Math.Min(width, _rows.Take(previewRows).Select(r => r.Key.Length).DefaultIfEmpty(0).Max());
        var widths = Columns.Select((c, i) => Math.Min(width, _rows.Take(previewRows).Select(r => r.Cells[i].Length).Append(c.Length).Max())).ToArray();
        var text = new StringBuilder();
        text.AppendLine((new string(' ', keyWidth) + "  " + string.Join("  ", Columns.Select((c, i) => Fit(c, widths[i])))).TrimEnd());
        foreach (var (key, cells) in _rows.Take(previewRows))
            text.AppendLine((Fit(key, keyWidth) + "  " + string.Join("  ", cells.Select((v, i) => Fit(v, widths[i])))).TrimEnd());
        text.Append('(').Append(Caption()).Append(", ").Append(Magics.TypeNames.CSharp(Type)).Append(')');
        return text.ToString();
    }

    private string Caption()
    {
        var caption = new StringBuilder();
        caption.Append(Count(RowCount, IsFrame ? "row" : "value"));
        if (IsFrame) caption.Append(" × ").Append(Count(ColumnCount, "column"));
        var shown = new List<string>();
        if (RowCount > _rows.Count) shown.Add(string.Create(CultureInfo.InvariantCulture, $"first {_rows.Count:N0} rows"));
        if (ColumnCount > Columns.Count) shown.Add(string.Create(CultureInfo.InvariantCulture, $"first {Columns.Count:N0} columns"));
        if (shown.Count > 0) caption.Append(" (").Append(string.Join(", ", shown)).Append(" shown)");
        return caption.ToString();
    }

    private static string Count(int n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");

    private static DeedleTable FromFrame(object frame, Type type)
    {
        var rowCount = (int)Property(type, "RowCount").GetValue(frame)!;
        var columnCount = (int)Property(type, "ColumnCount").GetValue(frame)!;
        var columnKeys = ((System.Collections.IEnumerable)Property(type, "ColumnKeys").GetValue(frame)!).Cast<object?>()
            .Take(MaxColumns).ToList();
        // GetColumnAt<object> boxes a column without knowing its element type; only the shown columns are asked for.
        var getColumnAt = type.GetMethod("GetColumnAt")!.MakeGenericMethod(typeof(object));
        var columns = Enumerable.Range(0, columnKeys.Count).Select(j => getColumnAt.Invoke(frame, [j])!).ToList();
        var getRowKeyAt = type.GetMethod("GetRowKeyAt", [typeof(int)])!;
        var shownRows = Math.Min(rowCount, MaxRows);
        var rows = new List<(string, IReadOnlyList<string>)>(shownRows);
        for (var i = 0; i < shownRows; i++)
            rows.Add((Text(getRowKeyAt.Invoke(frame, [i])), columns.Select(c => CellAt(c, i)).ToArray()));
        return new DeedleTable(type, isFrame: true, columnKeys.Select(Text).ToList(), rows, rowCount, columnCount);
    }

    private static DeedleTable FromSeries(object series, Type type)
    {
        var keyCount = (int)Property(type, "KeyCount").GetValue(series)!;
        var getKeyAt = type.GetMethod("GetKeyAt", [typeof(int)])!;
        var shownRows = Math.Min(keyCount, MaxRows);
        var rows = new List<(string, IReadOnlyList<string>)>(shownRows);
        for (var i = 0; i < shownRows; i++)
            rows.Add((Text(getKeyAt.Invoke(series, [i])), [CellAt(series, i)]));
        return new DeedleTable(type, isFrame: false, ["Value"], rows, keyCount, columnCount: 1);
    }

    // Series.TryGetAt(i) returns an OptionalValue<V>: a missing value (Deedle also counts NaN as missing) has no Value.
    private static string CellAt(object series, int index)
    {
        var optional = series.GetType().GetMethod("TryGetAt", [typeof(int)])!.Invoke(series, [index])!;
        var optionalType = optional.GetType();
        return optionalType.GetProperty("HasValue")!.GetValue(optional) is true
            ? Text(optionalType.GetProperty("Value")!.GetValue(optional))
            : Missing;
    }

    private static string Text(object? value)
    {
        var text = ResultTable.Cell(value);
        return text.Length > MaxCellLength ? text[..(MaxCellLength - 1)] + "…" : text;
    }

    private static string Fit(string s, int width) => s.Length > width ? s[..(width - 1)] + "…" : s.PadRight(width);

    private static PropertyInfo Property(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
        ?? throw new MissingMemberException(type.FullName, name);

    // Deedle's own subclasses (ObjectSeries, ColumnSeries, RowSeries) derive from Series<K, V>: walk the bases.
    private static string? DeedleBase(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition().FullName is "Deedle.Frame`2" or "Deedle.Series`2" && t.Assembly.GetName().Name == "Deedle")
                return t.GetGenericTypeDefinition().FullName;
        return null;
    }
}
