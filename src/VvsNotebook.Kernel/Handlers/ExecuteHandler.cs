using VvsNotebook.Interactive.Formatting;
using VvsNotebook.Interactive.Magics;
using VvsNotebook.Kernel.Formatting;
using VvsNotebook.Kernel.Magics;
using VvsNotebook.Kernel.Protocol;
using VvsNotebook.Kernel.Scripting;

namespace VvsNotebook.Kernel.Handlers;

/// <summary>
/// execute_request: runs a cell's directives (packages, magics) and then its C#, on a thread of its own so an
/// interrupt can give control back even when the cell ignores cancellation. Output streams while it runs; the
/// reply and the error output carry a readable C# failure.
/// </summary>
internal sealed class ExecuteHandler(KernelServices services) : IRequestHandler
{
    /// <summary>How long an interrupted cell may take to stop before the kernel abandons its thread.</summary>
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(3);

    public string MsgType => "execute_request";

    public void Handle(KernelRequest request)
    {
        var execute = request.Content<ExecuteRequest>();
        if (execute.StoreHistory) services.ExecutionCount++;
        var count = services.ExecutionCount;
        if (!execute.Silent) request.Publish("execute_input", new ExecuteInput(execute.Code, count));
        if (execute.StoreHistory) services.History.Add((count, execute.Code));

        var token = services.BeginCell(request, execute.Silent);
        CellError? error;
        try { error = RunOnCellThread(request, execute.Code, count, execute.Silent, token); }
        finally { services.EndCell(); }

        if (error is null)
        {
            request.Reply("execute_reply", new ExecuteReply(count));
            return;
        }
        if (!execute.Silent) request.Publish("error", new ErrorOutput(error.Ename, error.Evalue, error.Traceback));
        if (execute.StopOnError) services.AbortQueuedExecutes();
        request.Reply("execute_reply", new ErrorReply(error.Ename, error.Evalue, error.Traceback, count));
    }

    private CellError? RunOnCellThread(KernelRequest request, string code, int count, bool silent, CancellationToken token)
    {
        var run = services.Cells.Run(() => RunCellAsync(request, code, count, silent, token));
        try
        {
            run.Wait(token);
            return run.Result;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            if (run.Wait(InterruptGrace)) return run.Result;
            KernelLog.Write($"cell[{count}] ignored the interrupt for {InterruptGrace.TotalSeconds:0} s; its thread is abandoned");
            services.Cells.Abandon();
            return CellError.Interrupted(
                $"The cell did not stop within {InterruptGrace.TotalSeconds:0} s (it is blocked outside C# loops, e.g. in Thread.Sleep); " +
                "it keeps running in the background. Restart the kernel to stop it.");
        }
        catch (AggregateException e)
        {
            return CellError.FromException(e.InnerException ?? e);
        }
    }

    private async Task<CellError?> RunCellAsync(KernelRequest request, string code, int count, bool silent, CancellationToken token)
    {
        var cell = CellParser.Parse(code);
        try
        {
            for (var i = 0; i < cell.Directives.Count; i++)
            {
                var directive = cell.Directives[i];
                switch (directive.Kind)
                {
                    case DirectiveKind.PackageSource:
                        services.Packages.AddSource(directive.Text);
                        break;
                    case DirectiveKind.Package:
                        var packages = cell.Directives.Skip(i).TakeWhile(d => d.Kind == DirectiveKind.Package).ToList();
                        i += packages.Count - 1;
                        await RestoreAsync(packages, token);
                        break;
                    case DirectiveKind.Magic:
                        var context = new KernelMagicContext(services.Globals, services.Session, token);
                        await services.Magics.RunAsync(directive.Text, context);
                        await context.ApplyBindingsAsync();
                        break;
                }
            }
            if (!cell.HasCode) return null;
            var outcome = await services.Session.RunAsync(cell.Code, $"cell[{count}]", token);
            if (outcome.Error is not null) return outcome.Error;
            if (outcome.HasValue && outcome.Value is not null && !silent)
            {
                services.Console.Flush();
                var bundle = MimeFormatter.ToMimeBundle(outcome.Value);
                services.DeliverPlotlyFor(request, bundle);
                request.Publish("execute_result", new ExecuteResult(count, MimeData.ToJson(bundle)));
            }
            return null;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return CellError.Interrupted();
        }
        catch (MagicException e)
        {
            return new CellError("MagicError", e.Message, [e.Message]);
        }
        catch (Exception e)
        {
            return CellError.FromException(e, services.Session.StackTraceOf);
        }
    }

    private async Task RestoreAsync(IReadOnlyList<CellDirective> packages, CancellationToken token)
    {
        var names = string.Join(", ", packages.Select(p => p.Text + (p.Version is null ? "" : " " + p.Version)));
        var status = services.Globals.display($"Restoring {names}…");
        var restore = await services.Packages.AddAsync(packages.Select(p => (p.Text, p.Version)).ToList(), token);
        services.Session.AddReferences(restore.NewReferences);
        status.Update("Installed " + string.Join(", ", restore.Packages));
    }
}
