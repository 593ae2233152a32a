using System.CommandLine;
using VvsNotebook.Interactive.Magics;

namespace VvsNotebook.Kernel.Tests.Magics;

public sealed class MagicRegistryTests
{
    private sealed class EchoMagic : MagicCommand
    {
        private readonly Option<int> _times = new("--times") { Description = "How often", DefaultValueFactory = _ => 1 };
        private readonly Option<string> _mode = new("--mode") { Description = "Which mode" };

        public EchoMagic() : base("#!echo", "Repeat a word")
        {
            _mode.AcceptOnlyFromAmong("loud", "quiet");
            Command.Add(_times);
            Command.Add(_mode);
        }

        public override Task<object?> RunAsync(ParseResult parse, IMagicContext context) =>
            Task.FromResult<object?>(string.Concat(Enumerable.Repeat("echo", parse.GetValue(_times))));
    }

    private sealed class Context : IMagicContext
    {
        public List<object> Shown { get; } = [];
        public Dictionary<string, object> Bound { get; } = [];
        public CancellationToken CancellationToken => CancellationToken.None;
        public IDisplayHandle Display(object value, params string[] mimeTypes) { Shown.Add(value); return new Handle(); }
        public void Bind(string name, object value) => Bound[name] = value;
        public IReadOnlyList<(string Name, Type Type, object? Value)> Variables => [];
        private sealed class Handle : IDisplayHandle { public void Update(object value) { } }
    }

    private static MagicRegistry Registry() => MagicRegistry.CreateDefault().Add(new EchoMagic());

    [Fact]
    public async Task a_magic_runs_displays_its_result_and_binds_it_to_the_out_variable()
    {
        var context = new Context();
        var result = await Registry().RunAsync("#!echo --times 3 --out said", context);
        Assert.Equal("echoechoecho", result);
        Assert.Equal("echoechoecho", context.Bound["said"]);
        Assert.Contains("echoechoecho", context.Shown);
    }

    [Theory]
    [InlineData("#!echo --times many", "--times")]
    [InlineData("#!echo --bogus", "--bogus")]
    [InlineData("#!echo --mode shouty", "shouty")]
    [InlineData("#!echo --out 1abc", "identifier")]
    [InlineData("#!nope", "Unknown magic")]
    public async Task bad_input_is_a_magic_error_naming_the_problem(string line, string named)
    {
        var error = await Assert.ThrowsAsync<MagicException>(() => Registry().RunAsync(line, new Context()));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task dash_h_shows_help_instead_of_running()
    {
        var context = new Context();
        Assert.Null(await Registry().RunAsync("#!echo -h", context));
        var help = Assert.IsType<string>(context.Shown.Single());
        Assert.Contains("Usage", help);
        Assert.Contains("--times", help);
    }

    [Fact]
    public void completion_offers_magic_names_options_and_option_values()
    {
        var registry = Registry();
        Assert.Contains("#!echo", registry.Complete("#!ec", 4, out var start));
        Assert.Equal(0, start);
        var options = registry.Complete("#!echo --ti", 11, out start);
        Assert.Equal(["--times"], options);
        Assert.Equal(7, start);
        Assert.Equal(["loud", "quiet"], registry.Complete("#!echo --mode ", 14, out _).Order());
    }

    [Fact]
    public void type_names_are_valid_csharp()
    {
        Assert.Equal("global::System.Collections.Generic.List<global::System.Collections.Generic.Dictionary<string, int?>>",
            TypeNames.Qualified(typeof(List<Dictionary<string, int?>>)));
        Assert.Equal("double[,]", TypeNames.CSharp(typeof(double[,])));
    }
}
