using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// A sequence of records shown as a table: HTML pages of <see cref="PageSize"/> rows with previous/next buttons and
/// the total row count, plus an aligned text/plain preview. Columns are the element type's public properties.
/// </summary>
public sealed class ResultTable
{
    /// <summary>Rows per HTML page.</summary>
    public const int PageSize = 25;

    /// <summary>At most this many rows go into the HTML; the caption says when more exist.</summary>
    public const int MaxEmbeddedRows = 250;

    private readonly PropertyInfo[] _columns;
    private readonly List<object> _rows;

    private ResultTable(Type elementType, PropertyInfo[] columns, List<object> rows, int rowCount)
    {
        ElementType = elementType;
        _columns = columns;
        _rows = rows;
        RowCount = rowCount;
    }

    public Type ElementType { get; }

    /// <summary>Rows in the whole sequence, not only those embedded.</summary>
    public int RowCount { get; }

    public IReadOnlyList<string> Columns => _columns.Select(c => c.Name).ToList();

    /// <summary>A table for sequences whose elements are records or classes with readable properties; null otherwise.</summary>
    public static ResultTable? TryCreate(IEnumerable sequence)
    {
        var elementType = ElementTypeOf(sequence.GetType());
        if (elementType is null || IsScalar(elementType)) return null;
        var columns = elementType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && p.Name != "EqualityContract").ToArray();
        if (columns.Length == 0) return null;
        var rows = new List<object>();
        var count = 0;
        foreach (var item in sequence)
        {
            if (count++ < MaxEmbeddedRows && item is not null) rows.Add(item);
        }
        return new ResultTable(elementType, columns, rows, count);
    }

    public string ToHtml()
    {
        var rows = _rows.Select(r => ("", (IReadOnlyList<string>)_columns.Select(c => Cell(c.GetValue(r))).ToArray())).ToList();
        var caption = string.Create(CultureInfo.InvariantCulture, $"{RowCount:N0} rows")
            + (RowCount > _rows.Count ? string.Create(CultureInfo.InvariantCulture, $" (first {_rows.Count:N0} shown)") : "");
        return PagedTableHtml.Render(null, Columns, rows, PageSize, caption);
    }

    public string ToPlainText()
    {
        const int previewRows = 10;
        var cells = _rows.Take(previewRows).Select(r => _columns.Select(c => Cell(c.GetValue(r))).ToArray()).ToList();
        var widths = _columns.Select((c, i) => Math.Min(24, cells.Select(r => r[i].Length).Append(c.Name.Length).Max())).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", _columns.Select((c, i) => Fit(c.Name, widths[i]))).TrimEnd());
        foreach (var r in cells) text.AppendLine(string.Join("  ", r.Select((v, i) => Fit(v, widths[i]))).TrimEnd());
        var typeName = ElementType.Name.StartsWith('<') ? "anonymous records" : Magics.TypeNames.CSharp(ElementType);
        text.Append(CultureInfo.InvariantCulture, $"({RowCount:N0} rows of {typeName})");
        return text.ToString();
    }

    private static string Fit(string s, int width) => s.Length > width ? s[..(width - 1)] + "…" : s.PadRight(width);

    internal static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool IsScalar(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(object)
        || Nullable.GetUnderlyingType(t) is { } u && IsScalar(u);

    private static Type? ElementTypeOf(Type sequenceType)
    {
        if (sequenceType.IsArray) return sequenceType.GetElementType();
        return sequenceType.GetInterfaces().Append(sequenceType)
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0]).FirstOrDefault();
    }
}
