namespace VvsNotebook.Manifests;

/// <summary>Checks a tabular file's header against the columns its manifest lists.</summary>
public static class ManifestSchema
{
    /// <summary>
    /// The manifest columns missing from the CSV header of <paramref name="path"/> (empty when all are present, or for
    /// non-CSV files). Extra columns are allowed: a manifest may list only the columns the project reads.
    /// </summary>
    public static IReadOnlyList<string> MissingColumns(ManifestFile file, string path)
    {
        if (file.Columns.Count == 0 || !file.Format.Equals("csv", StringComparison.OrdinalIgnoreCase)) return [];
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? "").Split(',').Select(h => h.Trim().Trim('"')).ToHashSet(StringComparer.Ordinal);
        return file.Columns.Select(c => c.Name).Where(c => !header.Contains(c)).ToArray();
    }
}
