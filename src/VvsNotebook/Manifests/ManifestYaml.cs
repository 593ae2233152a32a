using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace VvsNotebook.Manifests;

/// <summary>Reads data manifests from YAML, rejecting unknown keys and missing fields with the file and line.</summary>
public static class ManifestYaml
{
    /// <summary>A YamlDotNet deserializer with snake_case keys that fails on unknown keys (typos must not pass silently).</summary>
    internal static IDeserializer Deserializer { get; } = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Loads a manifest file.</summary>
    public static DataManifest Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Data manifest not found: {path}", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses manifest YAML; <paramref name="source"/> names it in error messages.</summary>
    public static DataManifest Parse(string yaml, string source = "<text>")
    {
        var dto = Deserialize<ManifestDto>(yaml, source);
        string Need(string? value, string field) =>
            string.IsNullOrWhiteSpace(value) ? throw new ManifestFormatException($"Data manifest {source}: missing '{field}'.") : value;
        string? Hex(string? value, int digits, string algorithm, string name)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            var hex = value.Trim().ToLowerInvariant();
            return hex.Length == digits && hex.All(char.IsAsciiHexDigit) ? hex
                : throw new ManifestFormatException($"Data manifest {source}: {name}: {algorithm} '{value}' is not {digits} hex digits.");
        }

        var id = Need(dto.Id, "id");
        if (dto.Files is null || dto.Files.Count == 0) throw new ManifestFormatException($"Data manifest {source}: no 'files'.");
        var files = dto.Files.Select((f, i) =>
        {
            var where = $"files[{i}]";
            var name = Need(f.Name, where + ".name");
            var unverified = string.IsNullOrWhiteSpace(f.Unverified) ? null : f.Unverified.Trim();
            var hashless = string.IsNullOrWhiteSpace(f.Sha256) && string.IsNullOrWhiteSpace(f.Sha1);
            if (hashless && unverified is null)
                throw new ManifestFormatException($"Data manifest {source}: missing '{where}.sha256' or '{where}.sha1' ({name}): at least one hash is required " +
                    $"(or, when no hash is published anywhere, '{where}.unverified: <why>', which every use reports as unverified).");
            if (!hashless && unverified is not null)
                throw new ManifestFormatException($"Data manifest {source}: {name} pins a hash and is marked unverified; remove '{where}.unverified'.");
            var sha256 = Hex(f.Sha256, 64, "sha256", name);
            var sha1 = Hex(f.Sha1, 40, "sha1", name);
            var path = Need(f.Path, $"{where}.path ({name})").Replace('\\', '/');
            if (System.IO.Path.IsPathRooted(path) || path.Split('/').Contains(".."))
                throw new ManifestFormatException($"Data manifest {source}: {name}: path '{path}' must be relative and stay inside the data directory.");
            return new ManifestFile
            {
                Name = name,
                Path = path,
                Url = string.IsNullOrWhiteSpace(f.Url) ? null : f.Url,
                Identifier = string.IsNullOrWhiteSpace(f.Identifier) ? null : f.Identifier,
                Sha256 = sha256,
                Sha1 = sha1,
                Format = Need(f.Format, $"{where}.format ({name})"),
                Size = f.Size,
                Description = f.Description,
                Columns = (f.Columns ?? []).Select(c => new ManifestColumn(
                    Need(c.Name, $"{where}.columns.name ({name})"), c.Type ?? "string", c.Description)).ToArray(),
                SystemPaths = f.SystemPaths ?? [],
                Unverified = unverified,
            };
        }).ToArray();
        var duplicate = files.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ManifestFormatException($"Data manifest {source}: file '{duplicate.Key}' is listed twice.");
        return new DataManifest
        {
            Id = id,
            Title = Need(dto.Title, "title"),
            Licence = Need(dto.Licence, "licence"),
            Description = dto.Description,
            Source = new ManifestSource
            {
                Repository = Need(dto.Source?.Repository, "source.repository"),
                Commit = dto.Source?.Commit,
                Citation = dto.Source?.Citation,
            },
            Files = files,
        };
    }

    /// <summary>Deserializes YAML into <typeparamref name="T"/>, turning parser errors into a message with file and line.</summary>
    internal static T Deserialize<T>(string yaml, string source) where T : new()
    {
        try
        {
            return Deserializer.Deserialize<T>(yaml) ?? new T();
        }
        catch (YamlException e)
        {
            throw YamlErrors.Describe(e, source, yaml);
        }
    }

    private sealed class ManifestDto
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Licence { get; set; }
        public string? Description { get; set; }
        public SourceDto? Source { get; set; }
        public List<FileDto>? Files { get; set; }
    }

    private sealed class SourceDto
    {
        public string? Repository { get; set; }
        public string? Commit { get; set; }
        public string? Citation { get; set; }
    }

    private sealed class FileDto
    {
        public string? Name { get; set; }
        public string? Path { get; set; }
        public string? Url { get; set; }
        public string? Identifier { get; set; }
        public string? Sha256 { get; set; }
        public string? Sha1 { get; set; }
        public string? Unverified { get; set; }
        public string? Format { get; set; }
        public long? Size { get; set; }
        public string? Description { get; set; }
        public List<ColumnDto>? Columns { get; set; }
        public List<string>? SystemPaths { get; set; }
    }

    private sealed class ColumnDto
    {
        public string? Name { get; set; }
        public string? Type { get; set; }
        public string? Description { get; set; }
    }
}
