using VvsNotebook.Kernel.Handlers;
using VvsNotebook.Kernel.Scripting;

namespace VvsNotebook.Kernel.Tests.Scripting;

public sealed class CellParserTests
{
    [Fact]
    public void directive_lines_are_taken_out_and_blanked_so_line_numbers_stay()
    {
        var cell = CellParser.Parse("#r \"nuget:CsvHelper, 33.0.1\"\n#i \"nuget:/tmp/feed\"\n#!data --out d\nvar x = 1;\nx");
        Assert.Equal([DirectiveKind.Package, DirectiveKind.PackageSource, DirectiveKind.Magic], cell.Directives.Select(d => d.Kind));
        Assert.Equal("CsvHelper", cell.Directives[0].Text);
        Assert.Equal("33.0.1", cell.Directives[0].Version);
        Assert.Equal("/tmp/feed", cell.Directives[1].Text);
        Assert.Equal("#!data --out d", cell.Directives[2].Text);
        Assert.Equal("\n\n\nvar x = 1;\nx", cell.Code);
    }

    [Fact]
    public void a_package_without_version_and_plain_code_are_recognised()
    {
        var cell = CellParser.Parse("#r \"nuget:VvsNotebook\"");
        Assert.Null(cell.Directives.Single().Version);
        Assert.False(cell.HasCode);
        Assert.Empty(CellParser.Parse("#r \"System.Net.Http.dll\"\n1").Directives); // Roslyn resolves file references itself
    }

    [Theory]
    [InlineData("1 + 1", "complete")]
    [InlineData("if (true) {", "incomplete")]
    [InlineData("int x = 1 +;", "invalid")]
    [InlineData("#!lsmagic", "complete")]
    public void is_complete_classifies_submissions(string code, string status) =>
        Assert.Equal(status, IsCompleteHandler.Check(code).Status);
}
