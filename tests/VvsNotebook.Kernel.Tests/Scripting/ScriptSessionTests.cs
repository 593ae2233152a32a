using VvsNotebook.Kernel.Scripting;

namespace VvsNotebook.Kernel.Tests.Scripting;

/// <summary>The C# session without the wire: state between cells, errors, results. One session for the class (Roslyn's first compile is slow).</summary>
public sealed class ScriptSessionTests(ScriptSessionTests.Session fixture) : IClassFixture<ScriptSessionTests.Session>
{
    public sealed class Session
    {
        public RecordingOutput Output { get; } = new();
        public ScriptSession Script { get; }
        public Session() => Script = new ScriptSession(new KernelGlobals(Output), Environment.CurrentDirectory);
        public CellOutcome Run(string code) => Script.RunAsync(code, "cell[t]", CancellationToken.None).GetAwaiter().GetResult();
    }

    public sealed class RecordingOutput : ICellOutput
    {
        public List<(IReadOnlyDictionary<string, string> Bundle, string? Id, bool Update)> Displays { get; } = [];
        public void Stream(string name, string text) { }
        public void Display(IReadOnlyDictionary<string, string> bundle, string? displayId, bool update) => Displays.Add((bundle, displayId, update));
        public void ClearOutput(bool wait) { }
    }

    [Fact]
    public void variables_carry_from_cell_to_cell_and_a_trailing_expression_is_the_value()
    {
        Assert.Null(fixture.Run("var carried = 20;").Error);
        var outcome = fixture.Run("carried * 2 + 2");
        Assert.True(outcome.HasValue);
        Assert.Equal(42, outcome.Value);
        Assert.False(fixture.Run("carried++;").HasValue);
    }

    [Fact]
    public void a_compile_error_is_reported_with_its_line_and_leaves_the_state_intact()
    {
        fixture.Run("var kept = \"yes\";");
        var outcome = fixture.Run("var a = 1;\nint b = \"text\";");
        Assert.Equal("CompilationError", outcome.Error!.Ename);
        Assert.Contains("CS0029", outcome.Error.Evalue);
        Assert.Contains("(2,9)", outcome.Error.Traceback[0]);
        Assert.Equal("yes", fixture.Run("kept").Value);
    }

    [Fact]
    public void a_runtime_exception_names_the_cell_line_and_keeps_what_ran_before_it()
    {
        var outcome = fixture.Run("var before = 7;\nvoid Fail() => throw new ArgumentException(\"bad input\");\nFail();");
        Assert.Equal("ArgumentException", outcome.Error!.Ename);
        Assert.Equal("bad input", outcome.Error.Evalue);
        Assert.Contains(outcome.Error.Traceback, l => l.Contains("Fail()") && l.Contains("cell[t]:line 2"));
        Assert.DoesNotContain(outcome.Error.Traceback, l => l.Contains("Microsoft.CodeAnalysis"));
        Assert.Equal(7, fixture.Run("before").Value);
    }

    [Fact]
    public void frames_in_earlier_cells_lambdas_and_loops_keep_their_own_cell_and_line()
    {
        Assert.Null(fixture.Run("int Check(int x)\n{\n    if (x > 2) throw new InvalidOperationException(\"too big\");\n    return x;\n}").Error);
        var outcome = fixture.Run("var total = 0;\nfor (var i = 0; i < 5; i++)\n{\n    total += new[] { i }.Select(v => Check(v)).Sum();\n}");
        Assert.Equal("InvalidOperationException", outcome.Error!.Ename);
        Assert.Contains(outcome.Error.Traceback, l => l.Contains("Check(Int32 x)") && l.Contains("cell[t]:line 3"));
        Assert.Contains(outcome.Error.Traceback, l => l.Contains("cell[t]:line 4"));
    }

    [Fact]
    public void display_returns_a_handle_whose_update_reuses_the_display_id()
    {
        fixture.Run("var shown = display(1); shown.Update(2);");
        var (first, id, update) = fixture.Output.Displays[^2];
        var (second, id2, update2) = fixture.Output.Displays[^1];
        Assert.Equal("1", first["text/plain"]);
        Assert.False(update);
        Assert.Equal("2", second["text/plain"]);
        Assert.True(update2);
        Assert.Equal(id, id2);
    }

    [Fact]
    public void completion_sees_earlier_cells_and_inspection_shows_values_and_magic_help()
    {
        fixture.Run("var earlier = \"text\";");
        var assistant = new CodeAssistant(fixture.Script, VvsNotebook.Interactive.Magics.MagicRegistry.CreateDefault());
        var (matches, start, end) = assistant.Complete("earlier.ToUp", 12);
        Assert.Contains("ToUpper", matches);
        Assert.Equal((8, 12), (start, end));
        Assert.Contains("earlier", assistant.Complete("earl", 4).Matches);
        Assert.Contains("value: text", assistant.Inspect("earlier", 3)!["text/plain"]);
        Assert.Contains("Usage", assistant.Inspect("#!data --data-dir x", 3)!["text/plain"]);
    }

    [Fact]
    public void a_bound_value_becomes_a_typed_variable()
    {
        fixture.Script.BindAsync("bound", new List<int> { 1, 2, 3 }, CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(6, fixture.Run("bound.Sum()").Value);
    }

    [Fact]
    public void a_cell_of_only_a_using_directive_brings_the_namespace_into_later_cells()
    {
        var outcome = fixture.Run("using System.Text.Json.Nodes;");
        Assert.Null(outcome.Error);
        Assert.False(outcome.HasValue);
        Assert.Equal("{\"a\":1}", fixture.Run("new JsonObject { [\"a\"] = 1 }.ToJsonString()").Value);
    }

    [Fact]
    public void a_redefined_variable_is_listed_once_with_its_latest_type_and_value()
    {
        fixture.Run("var redefined = 1;");
        fixture.Run("var redefined = \"two\";");
        var variable = Assert.Single(fixture.Script.Variables, v => v.Name == "redefined");
        Assert.Equal((typeof(string), (object?)"two"), (variable.Type, variable.Value));
    }

    [Fact]
    public void an_assembly_named_by_path_in_one_cell_is_usable_in_later_cells()
    {
        var path = Library("PathLibrary", "public static class Greeter { public static string Hello(string name) => \"hello \" + name; }");
        Assert.Equal("hello a", fixture.Run($"#r \"{path}\"\nGreeter.Hello(\"a\")").Value);
        Assert.Equal("hello b", fixture.Run("Greeter.Hello(\"b\")").Value);
    }

    [Fact]
    public void an_assembly_named_by_path_in_a_cell_of_its_own_loads_when_a_later_cell_uses_it()
    {
        var path = Library("AloneLibrary", "public static class Alone { public static string Name => \"alone\"; }");
        var reference = fixture.Run($"#r \"{path}\"");
        Assert.Null(reference.Error);
        Assert.Equal("alone", fixture.Run("Alone.Name").Value);
    }

    [Fact]
    public void references_added_between_cells_reach_the_next_cell()
    {
        var path = Library("AddedLibrary", "public static class Added { public static int Answer => 42; }");
        Assert.NotNull(fixture.Run("Added.Answer").Error);
        fixture.Script.AddReferences([path]);
        Assert.Equal(42, fixture.Run("Added.Answer").Value);
    }

    /// <summary>Compiles <paramref name="source"/> into a library in a fresh directory (an assembly the host has never loaded).</summary>
    private static string Library(string name, string source)
    {
        var directory = Directory.CreateTempSubdirectory("vvs-ref-").FullName;
        var path = Path.Combine(directory, name + ".dll");
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(name,
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source)],
            [Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        Microsoft.CodeAnalysis.Emit.EmitResult result;
        using (var file = File.Create(path)) result = compilation.Emit(file);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return path;
    }
}
