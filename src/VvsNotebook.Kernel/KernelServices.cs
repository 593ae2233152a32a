using System.Text.Json.Nodes;
using VvsNotebook.Display;
using VvsNotebook.Figures;
using VvsNotebook.Interactive.Magics;
using VvsNotebook.Kernel.Formatting;
using VvsNotebook.Kernel.Protocol;
using VvsNotebook.Kernel.Scripting;

namespace VvsNotebook.Kernel;

/// <summary>
/// The state handlers share: the C# session, magics, packages, console routing, execution count and history, and
/// the running cell's interrupt. As <see cref="ICellOutput"/> it sends a cell's side effects to iopub with the
/// executing request as parent (or the last one, for output from background threads).
/// </summary>
internal sealed class KernelServices : ICellOutput, IDisposable
{
    private readonly JupyterKernel _kernel;
    private readonly Lock _cellLock = new();
    private CancellationTokenSource? _cell;
    private volatile KernelRequest? _current;
    private volatile bool _silent;
    private volatile string? _plotlyCell;

    public KernelServices(JupyterKernel kernel)
    {
        _kernel = kernel;
        var directory = Environment.CurrentDirectory;
        Globals = new KernelGlobals(this);
        Session = new ScriptSession(Globals, directory);
        Packages = new PackageResolver(directory);
        Magics = MagicRegistry.CreateDefault();
        Console = new ConsoleRouter(() => this);
        Assistant = new CodeAssistant(Session, Magics);
    }

    public KernelGlobals Globals { get; }
    public ScriptSession Session { get; }
    public PackageResolver Packages { get; }
    public MagicRegistry Magics { get; }
    public ConsoleRouter Console { get; }
    public CodeAssistant Assistant { get; }

    /// <summary>The thread cells run on (warm-up included, so its per-thread compiler caches are warm).</summary>
    public CellThread Cells { get; } = new();
    public int ExecutionCount { get; set; }
    public List<(int Line, string Code)> History { get; } = [];

    /// <summary>
    /// After a failed cell with stop_on_error, answers the execute requests queued behind it as aborted. Called before
    /// the failed cell's reply, so that cells a client sends after seeing the reply still run.
    /// </summary>
    public void AbortQueuedExecutes() => _kernel.AbortQueuedExecutes();

    /// <summary>
    /// Makes <paramref name="request"/> the parent of output from now on (none is sent for a silent request); returns
    /// the cell's interrupt token.
    /// </summary>
    public CancellationToken BeginCell(KernelRequest request, bool silent)
    {
        if (!silent) ForgetPlotlyIfItsCellIsGone(request);
        _current = request;
        _silent = silent;
        lock (_cellLock)
        {
            _cell = new CancellationTokenSource();
            CellInterrupt.Begin(_cell.Token);
            return _cell.Token;
        }
    }

    public void EndCell()
    {
        Console.Flush();
        _silent = false;
        lock (_cellLock)
        {
            CellInterrupt.End();
            _cell?.Dispose();
            _cell = null;
        }
    }

    /// <summary>Interrupts the running cell, if any (interrupt_request, SIGINT, shutdown).</summary>
    public void Interrupt()
    {
        lock (_cellLock) _cell?.Cancel();
    }

    public void SetCurrent(KernelRequest request) => _current = request;

    /// <summary>Compiles and runs a throwaway script so the first real cell does not pay for JIT-compiling Roslyn.</summary>
    public void WarmUp()
    {
        try
        {
            // No request is current yet, so nothing this prints reaches a notebook; it declares no variables.
            Cells.Run(() => Session.RunAsync("Enumerable.Range(0, 3).Select(x => x * 2).Sum()", "warm-up", CancellationToken.None)).GetAwaiter().GetResult();
            _ = Interactive.Formatting.MimeFormatter.ToMimeBundle(1);
        }
        catch (Exception e)
        {
            KernelLog.Write("warm-up failed: " + e.Message);
        }
    }

    public void Stream(string name, string text)
    {
        if (_current is { } parent && !_silent) parent.Publish("stream", new StreamOutput(name, text));
    }

    public void Display(IReadOnlyDictionary<string, string> bundle, string? displayId, bool update)
    {
        if (_current is not { } parent || _silent) return;
        // Text printed before a display must appear before it.
        Console.Flush();
        DeliverPlotlyFor(parent, bundle);
        parent.Publish(update ? "update_display_data" : "display_data", new DisplayData(MimeData.ToJson(bundle), new DisplayTransient(displayId)));
    }

    /// <summary>
    /// Before the session's first figure, sends plotly.js as a display of its own (see <see cref="NotebookPlotly"/>):
    /// apart from the figure, so that updating the figure's display in place (live training curves) cannot drop it.
    /// Call only with a bundle that is about to be published.
    /// </summary>
    public void DeliverPlotlyFor(KernelRequest parent, IReadOnlyDictionary<string, string> bundle)
    {
        if (!bundle.TryGetValue(MimeTypes.Html, out var html) || NotebookPlotly.TakeLoader(html) is not { } loader) return;
        _plotlyCell = CellIdOf(parent);
        parent.Publish("display_data", new DisplayData(new JsonObject { [MimeTypes.Html] = loader }, new DisplayTransient(null)));
    }

    /// <summary>
    /// JupyterLab and VS Code name the cell of an execute_request (metadata <c>cellId</c>) and cells deleted since
    /// (<c>deletedCells</c>). When the cell that carried plotly.js runs again or is deleted, its outputs are gone, so
    /// the next figure must carry it again for the saved notebook to render.
    /// </summary>
    private void ForgetPlotlyIfItsCellIsGone(KernelRequest request)
    {
        if (_plotlyCell is not { } carrier) return;
        var metadata = request.Message.Metadata;
        var deleted = metadata["deletedCells"] as JsonArray;
        if (CellIdOf(request) == carrier || deleted?.Any(d => d is JsonValue v && v.TryGetValue<string>(out var id) && id == carrier) == true)
        {
            _plotlyCell = null;
            NotebookPlotly.Reset();
        }
    }

    private static string? CellIdOf(KernelRequest request) =>
        request.Message.Metadata["cellId"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;

    public void ClearOutput(bool wait)
    {
        Console.Flush();
        if (!_silent) _current?.Publish("clear_output", new ClearOutput(wait));
    }

    public void Dispose()
    {
        Console.Dispose();
        Packages.Dispose();
    }
}
