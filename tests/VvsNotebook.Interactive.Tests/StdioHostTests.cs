using VvsNotebook.Display;
using VvsNotebook.Figures;
using VvsNotebook.Interactive.Formatting;

namespace VvsNotebook.Interactive.Tests;

/// <summary>
/// The package in the real host over its stdio protocol. The host reports no error when an extension fails to load,
/// so each test asserts what must appear: the loaded message, bound variables, MIME bundles, help text, progress.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class StdioHostTests(HostEnvironment environment)
{
    [Fact]
    public async Task the_package_loads_and_its_message_lists_the_magics_it_registered()
    {
        await environment.SessionAsync();
        var reply = environment.LoadReply!;
        Assert.True(reply.Succeeded, reply.ToString());
        var loaded = reply.OfType("DisplayedValueProduced").Select(e => e.Value(MimeTypes.Plain)).OfType<string>()
            .SingleOrDefault(t => t.StartsWith("VvsNotebook loaded:", StringComparison.Ordinal));
        Assert.True(loaded is not null, "no 'VvsNotebook loaded' message:\n" + reply);
        foreach (var magic in new[] { "#!data", "#!fit", "#!train", "#!sweep", "#!benchmark", "#!study" }) Assert.Contains($"`{magic}`", loaded);
        Assert.Contains("The host's own `#!lsmagic`, `#!who` are kept.", loaded);
        Assert.DoesNotContain(reply.Events, e => e.Type == "ErrorProduced");
    }

    [Theory]
    [InlineData("#!fit -h", "--bootstraps")]
    [InlineData("#!fit --help", "--experiments-dir")]
    [InlineData("#!fit -h", "--grid")]
    [InlineData("#!data -h", "--data-dir")]
    [InlineData("#!train -h", "--samples-per-class")]
    [InlineData("#!benchmark --help", "--images-per-class")]
    [InlineData("#!sweep -h", "--executor")]
    [InlineData("#!study -h", "--runs-dir")]
    public async Task help_shows_our_usage_text(string line, string option)
    {
        var host = await environment.SessionAsync();
        var reply = await host.SubmitAsync(line);
        Assert.True(reply.Succeeded, reply.ToString());
        var help = reply.OfType("DisplayedValueProduced").Single().Value(MimeTypes.Plain)!;
        Assert.Contains("Usage:", help);
        Assert.Contains(line.Split(' ')[0], help);
        Assert.Contains(option, help);
        Assert.Contains("-o, --out", help);
    }

    [Fact]
    public async Task fit_shows_progress_in_place_renders_plotly_and_binds_out_for_the_next_cell()
    {
        var host = await environment.SessionAsync();
        var reply = await host.SubmitAsync("#!fit model_resnet_neuro --bootstraps 20 --out fit");
        Assert.True(reply.Succeeded, reply.ToString());

        var shown = reply.OfType("DisplayedValueProduced").Where(e => !IsPlotlyLoader(e)).ToList();
        Assert.Equal(2, shown.Count); // the live status line, then the fit (plotly.js may come first, once a session)
        var updates = reply.OfType("DisplayedValueUpdated").ToList();
        Assert.NotEmpty(updates);
        Assert.All(updates, u => Assert.Equal(shown[0].ValueId, u.ValueId)); // updated in place, not appended
        Assert.EndsWith("20 bootstraps", updates[^1].Value(MimeTypes.Plain));

        var fit = shown[1];
        var mimes = fit.FormattedValues.Select(kv => kv.Key).ToList();
        foreach (var mime in new[] { MimeTypes.Plotly, MimeTypes.Html, MimeTypes.Plain }) Assert.Contains(mime, mimes);
        Assert.Contains("\"data\":[", fit.Value(MimeTypes.Plotly));
        Assert.StartsWith("model_resnet_neuro: S = ", fit.Value(MimeTypes.Plain));

        var starts = await host.SubmitAsync("fit.Starts");
        Assert.True(starts.Succeeded, starts.ToString());
        Assert.Contains("<pre>150</pre>", starts.ReturnValue.Value(MimeTypes.Html));

        // Returned from C#, the fit renders with the very MIME types the magic (and our kernel) showed.
        var value = await host.SubmitAsync("fit");
        Assert.True(value.Succeeded, value.ToString());
        Assert.Equal(fit.FormattedValues.Select(kv => kv.Key).Order(), value.ReturnValue.FormattedValues.Select(kv => kv.Key).Order());
        Assert.Equal(fit.Value(MimeTypes.Plotly), value.ReturnValue.Value(MimeTypes.Plotly));
    }

    [Fact]
    public async Task fit_takes_a_quoted_grid_through_the_host_and_the_bound_fit_knows_it()
    {
        // The host parses the line first: --grid must be declared to it, and its quoted value (with a space) reach us whole.
        var host = await environment.SessionAsync();
        var reply = await host.SubmitAsync("#!fit model_resnet_neuro --grid \"alpha=1 e=0\" --no-cache --out coarse");
        Assert.True(reply.Succeeded, reply.ToString());
        var grid = await host.SubmitAsync("$\"{coarse.Starts} {coarse.Grid}\"");
        Assert.True(grid.Succeeded, grid.ToString());
        Assert.Contains("6 e=0 a=0:25:5 alpha=1", grid.ReturnValue.Value(MimeTypes.Plain));
    }

    [Fact]
    public async Task data_binds_the_results_table_with_out_or_its_short_alias()
    {
        var host = await environment.SessionAsync();
        var reply = await host.SubmitAsync("#!data scaling-primate-vvs/benchmark_scores.csv --out scores");
        Assert.True(reply.Succeeded, reply.ToString());
        var table = reply.OfType("DisplayedValueProduced").Last();
        Assert.Contains("class=\"vvs-table\"", table.Value(MimeTypes.Html));
        Assert.Contains("rows of ScoreRecord)", table.Value(MimeTypes.Plain));

        var count = await host.SubmitAsync("scores.Count(r => r.Region == \"IT\")");
        Assert.True(count.Succeeded, count.ToString());
        Assert.Matches(@"<pre>[1-9]\d*</pre>", count.ReturnValue.Value(MimeTypes.Html));

        var alias = await host.SubmitAsync("#!data scaling-primate-vvs/benchmark_scores.csv -o scoresAgain");
        Assert.True(alias.Succeeded, alias.ToString());
        var same = await host.SubmitAsync("scoresAgain.Count == scores.Count");
        Assert.Contains("True", same.ReturnValue.Value(MimeTypes.Html), StringComparison.OrdinalIgnoreCase);

        // The results table returned from C# is our paged table too, not the host's object tree.
        var rows = await host.SubmitAsync("scores");
        Assert.Contains("class=\"vvs-table\"", rows.ReturnValue.Value(MimeTypes.Html));
        Assert.Contains("rows of ScoreRecord)", rows.ReturnValue.Value(MimeTypes.Plain));
    }

    [Fact]
    public async Task a_figure_made_in_csharp_renders_the_bundle_our_kernel_shows()
    {
        var host = await environment.SessionAsync();
        var reply = await host.SubmitAsync("new PlotlyFigure { Layout = new PlotlyLayout { Title = \"host\" } }");
        Assert.True(reply.Succeeded, reply.ToString());
        var ours = MimeFormatter.ToMimeBundle(new PlotlyFigure { Layout = new PlotlyLayout { Title = "host" } });
        var shown = reply.ReturnValue;
        Assert.Equal(ours.Keys.Order(), shown.FormattedValues.Select(kv => kv.Key).Order());
        Assert.Equal(ours[MimeTypes.Plotly], shown.Value(MimeTypes.Plotly));
        Assert.Equal(ours[MimeTypes.Plain], shown.Value(MimeTypes.Plain));
    }

    [Fact]
    public async Task interrupt_stops_a_long_fit_and_the_kernel_goes_on()
    {
        var host = await environment.SessionAsync();
        var running = host.Send("#!fit model_resnet_neuro --bootstraps 100000 --out slow");
        // Interrupt once the bootstraps are under way, as a user watching the progress line would.
        await running.WaitForAsync(e => e.Type == "DisplayedValueUpdated" && e.Value(MimeTypes.Plain)?.Contains("bootstraps") == true);
        host.Cancel();
        var reply = await running.CompletionAsync();
        Assert.False(reply.Succeeded, reply.ToString());
        Assert.Contains("cancel", reply.FailureMessage, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(reply.Events, e => e.Type == "DisplayedValueProduced" && e.Value(MimeTypes.Plotly) is not null);

        var unbound = await host.SubmitAsync("slow");
        Assert.False(unbound.Succeeded);
        Assert.Contains("'slow' does not exist", unbound.FailureMessage);
        var next = await host.SubmitAsync("#!fit model_resnet_neuro --out quick");
        Assert.True(next.Succeeded, next.ToString());
    }

    [Fact]
    public async Task a_new_session_gets_plotly_js_once_and_no_figure_names_a_remote_script()
    {
        // A session of its own: the shared one may have shown its first figure in another test already.
        using var host = StdioHost.Start(environment, Directory.CreateTempSubdirectory("vvs-host-plotly-").FullName);
        var load = await host.SubmitAsync(environment.LoadCell);
        Assert.True(load.Succeeded, load.ToString());
        var replies = new List<HostReply>();
        foreach (var cell in new[]
                 {
                     "using VvsNotebook.Figures;",
                     "new PlotlyFigure { Layout = new PlotlyLayout { Title = \"first\" } }",
                     "#!fit model_resnet_neuro --out fit",
                     "display(fit.Plot());",
                 })
        {
            var reply = await host.SubmitAsync(cell);
            Assert.True(reply.Succeeded, cell + "\n" + reply);
            replies.Add(reply);
        }
        var html = replies.SelectMany(r => r.Events).Select(e => e.Value(MimeTypes.Html)).OfType<string>().ToList();
        // The C# value is one output, so the first figure carries plotly.js inside its own HTML; later ones draw only.
        Assert.Single(html, h => h.Contains(NotebookPlotly.LoaderAttribute));
        Assert.Contains(NotebookPlotly.LoaderAttribute, replies[1].ReturnValue.Value(MimeTypes.Html));
        Assert.Equal(3, html.Count(NotebookPlotly.DrawsFigure));
        Assert.All(html, h => Assert.DoesNotContain("<script src", h));
        // plotly.js itself names a CDN only as the default of map traces' topojson; no figure HTML names one.
        Assert.All(html.Where(h => !h.Contains(NotebookPlotly.LoaderAttribute)), h => Assert.DoesNotContain("cdn.plot.ly", h));
    }

    [Fact]
    public async Task a_deedle_frame_renders_as_our_compact_table_not_the_hosts_property_tree()
    {
        var host = await environment.SessionAsync();
        // Deedle 8.1.0 is built against FSharp.Core 10.1 and the host ships 10.0: the README's documented (unsupported)
        // first cell binds those requests to the host's copy, as a host user would have to.
        var bind = await host.SubmitAsync("""
            var fsharpCore = AppDomain.CurrentDomain.GetAssemblies().First(a => a.GetName().Name == "FSharp.Core");
            System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (_, name) => name.Name == "FSharp.Core" ? fsharpCore : null;
            """);
        Assert.True(bind.Succeeded, bind.ToString());
        var restore = await host.SubmitAsync("#r \"nuget:Deedle, 8.1.0\"");
        Assert.True(restore.Succeeded, restore.ToString());
        var frame = await host.SubmitAsync("Deedle.Frame.FromRecords(new[] { new { A = 1, B = \"x\" }, new { A = 2, B = \"y\" } })");
        Assert.True(frame.Succeeded, frame.ToString());
        var html = frame.ReturnValue.Value(MimeTypes.Html)!;
        Assert.Contains("<tr><th>0</th><td>1</td><td>x</td></tr><tr><th>1</th><td>2</td><td>y</td></tr>", html);
        Assert.Contains("2 rows × 2 columns", html);
        Assert.True(html.Length < 2_000, $"{html.Length} characters of HTML for a 2-row frame");
    }

    private static bool IsPlotlyLoader(HostEvent e) => e.Value(MimeTypes.Html)?.Contains(NotebookPlotly.LoaderAttribute) == true;

    [Theory]
    [InlineData("#!data --no-such-option", "--no-such-option")]
    [InlineData("#!fit no_such_experiment", "Unknown experiment 'no_such_experiment'")]
    [InlineData("#!fit model_resnet_neuro --bootstraps -3", "--bootstraps must be 0 (none) or more (got -3)")]
    [InlineData("#!fit model_resnet_neuro --out 3x", "--out needs a C# identifier. Got '3x'")]
    public async Task a_bad_magic_line_fails_the_cell_with_a_message_naming_the_problem(string line, string problem)
    {
        var host = await environment.SessionAsync();
        var reply = await host.SubmitAsync(line);
        Assert.False(reply.Succeeded, reply.ToString());
        Assert.Contains(problem, reply.FailureMessage);
    }

    [Fact]
    public async Task without_the_torch_package_fits_and_data_work_and_no_torch_assembly_is_loaded()
    {
        // The shared session loaded only VvsNotebook: its restore brought no TorchSharp, and fitting never needs it.
        var host = await environment.SessionAsync();
        var fit = await host.SubmitAsync("#!fit compute_neuro --out torchless");
        Assert.True(fit.Succeeded, fit.ToString());
        var loaded = await host.SubmitAsync(
            "string.Join(\",\", AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Where(n => n!.Contains(\"Torch\")).Order())");
        Assert.True(loaded.Succeeded, loaded.ToString());
        Assert.DoesNotContain("TorchSharp", loaded.ReturnValue.Value(MimeTypes.Plain));
    }

    [Fact]
    public void the_vvsnotebook_packages_depend_on_no_torch_and_the_torch_package_carries_it()
    {
        IReadOnlyList<string> Dependencies(string id)
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(environment.LocalFeed, $"{id}.{environment.PackageVersion}.nupkg"));
            using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
            return System.Xml.Linq.XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency")
                .Select(e => (string)e.Attribute("id")!).ToList();
        }
        var notebook = Dependencies("VvsNotebook");
        Assert.Contains("VvsNotebook.Core", notebook);
        Assert.DoesNotContain(notebook.Concat(Dependencies("VvsNotebook.Core")), id => id.Contains("torch", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["TorchSharp", "TorchSharp.PyBridge", "libtorch-cpu-linux-x64"], Dependencies("VvsNotebook.Torch").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("#!train --arch small_cnn --width 0.25 --samples-per-class 2 --epochs 1 --run-dir torchless-run")]
    [InlineData("#!benchmark --run torchless-run --images-per-class 2")]
    public async Task a_magic_that_runs_models_asks_for_the_torch_package_when_torch_is_missing(string line)
    {
        var host = await environment.SessionAsync();
        var reply = await host.SubmitAsync(line);
        Assert.False(reply.Succeeded, reply.ToString());
        Assert.True(reply.FailureMessage.StartsWith(line.Split(' ')[0] + " runs models with TorchSharp", StringComparison.Ordinal)
                    && reply.FailureMessage.Contains("#r \"nuget:VvsNotebook.Torch\"", StringComparison.Ordinal), reply.FailureMessage);
        Assert.DoesNotContain("   at ", reply.FailureMessage); // the fix, not a stack trace
    }

    [Fact]
    public async Task the_built_in_pixel_model_benchmarks_without_torch()
    {
        var host = await environment.SessionAsync();
        var reply = await host.SubmitAsync("#!benchmark --model pixels --images-per-class 2 --out pixelScores");
        Assert.True(reply.Succeeded, reply.ToString());
        var regions = await host.SubmitAsync("pixelScores.Scores.Count");
        Assert.True(regions.Succeeded, regions.ToString());
    }

    [Fact]
    public async Task sweep_status_reads_a_sweep_folder_without_torch()
    {
        var host = await environment.SessionAsync();
        var reply = await host.SubmitAsync("#!sweep status --runs-dir no-such-sweep");
        Assert.False(reply.Succeeded, reply.ToString());
        Assert.Contains("no-such-sweep", reply.FailureMessage);
        Assert.DoesNotContain("TorchSharp", reply.FailureMessage);
    }
}
