using System.Globalization;
using System.Reflection;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;
using VvsNotebook.Files;

namespace VvsNotebook.Data;

/// <summary>
/// Reads and writes results tables in the column layout of the paper's <c>benchmark_scores.csv</c>.
/// Writing goes to a temporary file that replaces the target only when complete, so a failure never leaves a
/// half-written table.
/// </summary>
public static class ScoreTable
{
    /// <summary>The column names, in the paper's order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        new ScoreRecordMap().MemberMaps.Select(m => m.Data.Names[0]).ToArray();

    private static readonly IReadOnlyDictionary<string, PropertyInfo> ColumnProperties =
        new ScoreRecordMap().MemberMaps.ToDictionary(m => m.Data.Names[0], m => (PropertyInfo)m.Data.Member!);

    /// <summary>Value of a column by its CSV name (e.g. <c>"samples_per_class"</c>); null for a missing number.</summary>
    public static object? GetValue(ScoreRecord record, string column) =>
        ColumnProperties.TryGetValue(column, out var p)
            ? p.GetValue(record)
            : throw new ArgumentException(
                $"Unknown results-table column '{column}'. Known columns: {string.Join(", ", Columns)}.", nameof(column));

    /// <summary>Reads a results table; a missing column or an unparsable cell fails with the file, line and column.</summary>
    public static IReadOnlyList<ScoreRecord> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Results table not found: {path}", path);
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads a results table from text; <paramref name="source"/> names it in error messages.</summary>
    public static IReadOnlyList<ScoreRecord> Read(TextReader text, string source = "<text>")
    {
        using var csv = new CsvReader(text, CsvConfig);
        csv.Context.RegisterClassMap<ScoreRecordMap>();
        try
        {
            return csv.GetRecords<ScoreRecord>().ToList();
        }
        catch (CsvHelperException e) when (e is HeaderValidationException or CsvHelper.MissingFieldException or TypeConverterException or ReaderException)
        {
            var row = e.Context?.Parser?.Row;
            throw new InvalidDataException(
                $"Malformed results table {source}{(row is null ? "" : $" at line {row}")}: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Writes <paramref name="records"/> atomically, replacing <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<ScoreRecord> records) => AtomicFile.Write(path, tmp =>
    {
        using var writer = new StreamWriter(tmp);
        Write(writer, records);
    });

    /// <summary>Writes a header and the records as CSV text.</summary>
    public static void Write(TextWriter writer, IEnumerable<ScoreRecord> records)
    {
        using var csv = new CsvWriter(writer, CsvConfig, leaveOpen: true);
        csv.Context.RegisterClassMap<ScoreRecordMap>();
        csv.WriteRecords(records);
    }

    /// <summary>Appends records to a table (creating it with a header), keeping what was there.</summary>
    public static void Append(string path, IEnumerable<ScoreRecord> records)
    {
        var existing = File.Exists(path) ? Read(path) : [];
        Write(path, existing.Concat(records));
    }

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();

    private static readonly CsvConfiguration CsvConfig = new(CultureInfo.InvariantCulture)
    {
        MissingFieldFound = null,
        HeaderValidated = args =>
        {
            // Optional text columns may be absent in hand-written tables; the identifying columns may not.
            var required = new[] { "model_id", "benchmark_name", "region" };
            var missing = args.InvalidHeaders.SelectMany(h => h.Names).Where(required.Contains).ToArray();
            if (missing.Length > 0)
                throw new HeaderValidationException(args.Context, args.InvalidHeaders,
                    $"missing required column(s): {string.Join(", ", missing)}");
        },
    };

    private sealed class ScoreRecordMap : ClassMap<ScoreRecord>
    {
        public ScoreRecordMap()
        {
            Map(r => r.ModelId).Name("model_id");
            Map(r => r.BenchmarkId).Name("benchmark_id").Optional();
            Map(r => r.Arch).Name("arch").Optional();
            Map(r => r.Dataset).Name("dataset").Optional().TypeConverter<EmptyAsNullString>();
            Map(r => r.NParams).Name("n_params").Optional().TypeConverter<NullableDouble>();
            Map(r => r.Macs).Name("macs").Optional().TypeConverter<NullableDouble>();
            Map(r => r.Flops).Name("flops").Optional().TypeConverter<NullableDouble>();
            Map(r => r.BenchmarkName).Name("benchmark_name");
            Map(r => r.Region).Name("region");
            Map(r => r.NSamples).Name("n_samples").Optional().TypeConverter<NullableDouble>();
            Map(r => r.SamplesPerClass).Name("samples_per_class").Optional().TypeConverter<NullableDouble>();
            Map(r => r.NEpochs).Name("n_epochs").Optional().TypeConverter<NullableDouble>();
            Map(r => r.NSamplesSeen).Name("n_samples_seen").Optional().TypeConverter<NullableDouble>();
            Map(r => r.TotalFlops).Name("total_flops").Optional().TypeConverter<NullableDouble>();
            Map(r => r.Score).Name("score").Optional().TypeConverter<NullableDouble>();
            Map(r => r.Seed).Name("seed").Optional().TypeConverter<NullableDouble>();
            Map(r => r.ArchFamily).Name("arch_family").Optional().TypeConverter<EmptyAsNullString>();
            Map(r => r.Acc).Name("acc").Optional().TypeConverter<NullableDouble>();
            Map(r => r.CheckpointUrl).Name("checkpoint_url").Optional().TypeConverter<EmptyAsNullString>();
            Map(r => r.IsPretrained).Name("is_pretrained").Optional().TypeConverter<PythonBool>();
            Map(r => r.IsRandom).Name("is_random").Optional().TypeConverter<PythonBool>();
            Map(r => r.IsSsl).Name("is_ssl").Optional().TypeConverter<PythonBool>();
            Map(r => r.SslMethod).Name("ssl_method").Optional().TypeConverter<EmptyAsNullString>();
            Map(r => r.IsAblation).Name("is_ablation").Optional().TypeConverter<PythonBool>();
            Map(r => r.IsOpenClip).Name("is_open_clip").Optional().TypeConverter<PythonBool>();
            Map(r => r.IsAdv).Name("is_adv").Optional().TypeConverter<PythonBool>();
            Map(r => r.AdvMethod).Name("adv_method").Optional().TypeConverter<EmptyAsNullString>();
        }
    }

    /// <summary>Empty cells and pandas' NaN spellings read as null; null writes as an empty cell.</summary>
    private sealed class NullableDouble : DefaultTypeConverter
    {
        public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData)
        {
            if (string.IsNullOrWhiteSpace(text) || text.Equals("nan", StringComparison.OrdinalIgnoreCase)) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
            throw new TypeConverterException(this, memberMapData, text, row.Context,
                $"column '{memberMapData.Names[0]}' has '{text}', which is not a number");
        }

        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";
    }

    /// <summary>pandas writes booleans as True/False; empty reads as false.</summary>
    private sealed class PythonBool : DefaultTypeConverter
    {
        public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
            text?.Trim().ToLowerInvariant() switch
            {
                null or "" or "false" or "0" => false,
                "true" or "1" => true,
                _ => throw new TypeConverterException(this, memberMapData, text, row.Context,
                    $"column '{memberMapData.Names[0]}' has '{text}', which is not True/False"),
            };

        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is true ? "True" : "False";
    }

    private sealed class EmptyAsNullString : DefaultTypeConverter
    {
        public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
            string.IsNullOrEmpty(text) ? null : text;

        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value as string ?? "";
    }
}
