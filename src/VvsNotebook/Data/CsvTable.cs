using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace VvsNotebook.Data;

/// <summary>
/// A CSV file as columns of text, for the tables whose schema is not the results table's (the checkpoint-evolution
/// scores, the Brain-Score export): read once, then filtered and projected with LINQ over <see cref="CsvRow"/>s.
/// </summary>
public sealed record CsvTable(IReadOnlyList<string> Columns, IReadOnlyList<CsvRow> Rows)
{
    /// <summary>Reads a CSV file with a header line.</summary>
    public static CsvTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV table not found: {path}", path);
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads CSV text with a header line; <paramref name="source"/> names it in error messages.</summary>
    public static CsvTable Read(TextReader text, string source = "<text>")
    {
        using var csv = new CsvParser(text, new CsvConfiguration(CultureInfo.InvariantCulture));
        if (!csv.Read()) throw new InvalidDataException($"CSV table {source} is empty: it needs a header line.");
        var columns = csv.Record!.ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
            if (!index.TryAdd(columns[i], i)) throw new InvalidDataException($"CSV table {source} names column '{columns[i]}' twice.");
        var rows = new List<CsvRow>();
        while (csv.Read())
        {
            var cells = csv.Record!;
            if (cells.Length != columns.Length)
                throw new InvalidDataException($"CSV table {source}, line {csv.Row}: {cells.Length} cells, but the header names {columns.Length} columns.");
            rows.Add(new CsvRow(index, cells, source));
        }
        return new CsvTable(columns, rows);
    }

    /// <summary>The numbers of one column (NaN where a cell is empty).</summary>
    public double[] Numbers(string column) => Rows.Select(r => r.Number(column)).ToArray();

    /// <summary>The text of one column.</summary>
    public string[] Texts(string column) => Rows.Select(r => r[column]).ToArray();

    /// <summary>The rows that pass <paramref name="predicate"/>, as a table of the same columns.</summary>
    public CsvTable Where(Func<CsvRow, bool> predicate) => this with { Rows = Rows.Where(predicate).ToArray() };

    public override string ToString() => $"CsvTable: {Rows.Count} rows x {Columns.Count} columns";
}

/// <summary>One row of a <see cref="CsvTable"/>: text by column name, with number and flag readers.</summary>
public sealed class CsvRow
{
    private readonly IReadOnlyDictionary<string, int> _index;
    private readonly string[] _cells;
    private readonly string _source;

    internal CsvRow(IReadOnlyDictionary<string, int> index, string[] cells, string source) => (_index, _cells, _source) = (index, cells, source);

    /// <summary>The cell's text; an unknown column fails naming the known ones.</summary>
    public string this[string column] => _index.TryGetValue(column, out var i)
        ? _cells[i]
        : throw new KeyNotFoundException($"No column '{column}' in {_source}. Columns: {string.Join(", ", _index.Keys.Take(30))}{(_index.Count > 30 ? ", …" : "")}.");

    /// <summary>Whether the table has <paramref name="column"/>.</summary>
    public bool Has(string column) => _index.ContainsKey(column);

    /// <summary>The cell as a number; NaN for an empty cell (pandas' reading of a missing value).</summary>
    public double Number(string column)
    {
        var text = this[column];
        if (text.Length == 0 || text.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"Column '{column}' of {_source} holds '{text}', not a number.");
    }

    /// <summary>The cell as a flag (<c>True</c>/<c>False</c> as pandas writes them; empty is false).</summary>
    public bool Flag(string column) => this[column] switch
    {
        "True" or "true" or "1" => true,
        "False" or "false" or "0" or "" => false,
        var text => throw new FormatException($"Column '{column}' of {_source} holds '{text}', not True/False."),
    };
}
