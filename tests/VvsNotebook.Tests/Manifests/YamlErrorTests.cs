using VvsNotebook.Experiments;
using VvsNotebook.Manifests;

namespace VvsNotebook.Tests.Manifests;

/// <summary>YAML mistakes in experiments and manifests are reported at the line and column of the fault, with the cause in words.</summary>
public sealed class YamlErrorTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vvs-yaml-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void a_tab_on_line_4_of_an_experiment_is_reported_on_line_4_as_a_tab()
    {
        var path = Write("tab.yaml", "name: x\nfit:\n  law: power\n\tbad: 1\n");
        var e = Assert.Throws<ManifestFormatException>(() => ExperimentYaml.Load(path));
        Assert.Equal($"{path}, line 4, column 1: a tab is not allowed for indentation in YAML; indent with spaces.", e.Message);
    }

    [Fact]
    public void an_unclosed_bracket_is_named_where_it_opens_not_as_an_exception_during_deserialization()
    {
        var path = Write("bracket.yaml", "name: x\nfit:\n  init: {e: [1, 2\n  law: power\n");
        var e = Assert.Throws<ManifestFormatException>(() => ExperimentYaml.Load(path));
        Assert.Equal($"{path}, line 3, column 14: a '[' or '{{' opened here is never closed.", e.Message);
        Assert.DoesNotContain("Exception during deserialization", e.Message);
    }

    [Fact]
    public void a_manifest_tab_names_its_line_too()
    {
        var e = Assert.Throws<ManifestFormatException>(() => ManifestYaml.Parse("id: x\nfiles:\n\t- name: a\n", "m.yaml"));
        Assert.True(e.Message.StartsWith("m.yaml, line 3, column 1: a tab is not allowed", StringComparison.Ordinal), e.Message);
    }
}
