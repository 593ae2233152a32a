using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace VvsNotebook.Interactive.Tests;

/// <summary>
/// <c>dotnet tool run dotnet-interactive stdio</c> (no HTTP server): one JSON command envelope per line in, one event
/// envelope per line out, after a non-JSON banner. Commands go one at a time; <see cref="Cancel"/> is the host's
/// interrupt, sent while a command runs.
/// </summary>
public sealed class StdioHost : IDisposable
{
    /// <summary>Long enough for a cold restore on two busy cores; a hung host fails the test instead of hanging it.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    private readonly Process _process;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly System.Text.StringBuilder _stderr = new();
    private int _next;

    private StdioHost(Process process)
    {
        _process = process;
        _ = Task.Run(ReadEventsAsync);
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
                lock (_stderr) _stderr.AppendLine(line);
        });
    }

    /// <summary>Starts the pinned host from the repository root (where its tool manifest is), working in <paramref name="workingDirectory"/>.</summary>
    public static StdioHost Start(HostEnvironment environment, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet", ["tool", "run", "dotnet-interactive", "--", "stdio", "--working-dir", workingDirectory])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = environment.RepositoryRoot,
        };
        environment.Configure(start);
        return new StdioHost(Process.Start(start)!);
    }

    /// <summary>Sends a C# submission; the returned command completes with the host's CommandSucceeded or CommandFailed.</summary>
    public PendingCommand Send(string code)
    {
        var token = $"vvs-test-{Interlocked.Increment(ref _next)}";
        Write(new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
        });
        return new PendingCommand(this, token);
    }

    public Task<HostReply> SubmitAsync(string code) => Send(code).CompletionAsync();

    /// <summary>The host's interrupt: cancels the command that is running.</summary>
    public void Cancel() => Write(new JsonObject
    {
        ["token"] = $"vvs-cancel-{Interlocked.Increment(ref _next)}", ["commandType"] = "Cancel", ["command"] = new JsonObject(),
    });

    /// <summary>What the host wrote to stderr so far (for failure messages).</summary>
    public string StandardError { get { lock (_stderr) return _stderr.ToString(); } }

    private void Write(JsonObject envelope)
    {
        _process.StandardInput.WriteLine(envelope.ToJsonString());
        _process.StandardInput.Flush();
    }

    private async Task ReadEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith('{')) continue; // the welcome banner and other plain text
            JsonObject? envelope;
            try { envelope = JsonNode.Parse(line) as JsonObject; }
            catch (JsonException) { continue; }
            if (envelope?["eventType"] is not null) await _events.Writer.WriteAsync(envelope);
        }
        _events.Writer.Complete();
    }

    internal async Task<JsonObject> NextEventAsync(CancellationToken cancellation)
    {
        try { return await _events.Reader.ReadAsync(cancellation); }
        catch (ChannelClosedException) { throw new InvalidOperationException("The host exited. Its stderr:\n" + StandardError); }
    }

    public void Dispose()
    {
        try
        {
            Write(new JsonObject { ["token"] = "vvs-quit", ["commandType"] = "Quit", ["command"] = new JsonObject() });
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException) { }
        _process.Dispose();
    }

    /// <summary>A submission on its way: its events so far, and its end.</summary>
    public sealed class PendingCommand(StdioHost host, string token)
    {
        private readonly List<HostEvent> _seen = [];

        /// <summary>Reads events until one matches <paramref name="match"/> (for acting while the command runs).</summary>
        public async Task<HostEvent> WaitForAsync(Func<HostEvent, bool> match)
        {
            using var timeout = new CancellationTokenSource(CommandTimeout);
            while (true)
            {
                var e = await NextOwnAsync(timeout.Token);
                if (match(e)) return e;
                if (e.IsCompletion) throw new InvalidOperationException($"{token} ended ({e.Type}: {e.Message}) before the awaited event. Events:\n" + string.Join("\n", _seen));
            }
        }

        public async Task<HostReply> CompletionAsync()
        {
            using var timeout = new CancellationTokenSource(CommandTimeout);
            while (true)
            {
                var e = await NextOwnAsync(timeout.Token);
                if (e.IsCompletion) return new HostReply(_seen.ToList());
            }
        }

        private async Task<HostEvent> NextOwnAsync(CancellationToken cancellation)
        {
            while (true)
            {
                var e = new HostEvent(await host.NextEventAsync(cancellation), token);
                if (!e.BelongsToCommand) continue;
                _seen.Add(e);
                return e;
            }
        }
    }
}

/// <summary>One event of the host, as its stdio protocol writes it.</summary>
public sealed class HostEvent(JsonObject envelope, string rootToken)
{
    public string Type => envelope["eventType"]!.GetValue<string>();
    public JsonObject Body => envelope["event"] as JsonObject ?? new JsonObject();
    public string? CommandToken => envelope["command"]?["token"]?.GetValue<string>();

    /// <summary>Events of the submission itself or of its children (the host's tokens "t.1", "t.2"…).</summary>
    public bool BelongsToCommand => CommandToken is { } t && (t == rootToken || t.StartsWith(rootToken + ".", StringComparison.Ordinal));

    /// <summary>CommandSucceeded or CommandFailed of the submission itself (children's are not its end).</summary>
    public bool IsCompletion => CommandToken == rootToken && Type is "CommandSucceeded" or "CommandFailed";

    public string? Message => Body["message"]?.GetValue<string>();
    public string? ValueId => Body["valueId"]?.GetValue<string>();

    /// <summary>MIME type to payload, in the host's order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FormattedValues =>
        (Body["formattedValues"] as JsonArray ?? [])
        .Select(v => new KeyValuePair<string, string>(v!["mimeType"]!.GetValue<string>(), v["value"]?.GetValue<string>() ?? ""))
        .ToList();

    public string? Value(string mimeType) => FormattedValues.FirstOrDefault(kv => kv.Key == mimeType).Value;

    public override string ToString() =>
        $"{Type} [{CommandToken}] {Message} {string.Join(" | ", FormattedValues.Select(kv => kv.Key + ": " + Truncate(kv.Value)))}";

    private static string Truncate(string s) => s.Length > 200 ? s[..200] + "…" : s;
}

/// <summary>Everything a submission produced, ending with its CommandSucceeded or CommandFailed.</summary>
public sealed record HostReply(IReadOnlyList<HostEvent> Events)
{
    public HostEvent Completion => Events[^1];
    public bool Succeeded => Completion.Type == "CommandSucceeded";
    public string? FailureMessage => Succeeded ? null : Completion.Message;

    public IEnumerable<HostEvent> OfType(string type) => Events.Where(e => e.Type == type);

    /// <summary>The submission's return value (ReturnValueProduced), or a clear failure naming what happened instead.</summary>
    public HostEvent ReturnValue => OfType("ReturnValueProduced").SingleOrDefault()
        ?? throw new InvalidOperationException("No return value. Events:\n" + this);

    public override string ToString() => string.Join("\n", Events);
}
