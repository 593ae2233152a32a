using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VvsNotebook.Figures;

/// <summary>
/// Runs JavaScript in a page of headless Chromium (Debian's <c>chromium</c>, or <c>VVS_CHROMIUM</c>) with the network
/// shut off, over the DevTools protocol: the page loads, then an expression is evaluated and its promise awaited.
/// Awaiting the promise, rather than dumping the DOM after a time budget, is what makes static export reliable on
/// a slow or loaded machine: nothing depends on how long rendering takes, only on the overall timeout.
/// </summary>
internal static partial class HeadlessChromium
{
    public const string Variable = "VVS_CHROMIUM";
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>The Chromium executable; a clear error naming the package when there is none.</summary>
    public static string Locate() => Locate(Environment.GetEnvironmentVariable(Variable), Environment.GetEnvironmentVariable("PATH"));

    internal static string Locate(string? explicitPath, string? searchPath)
    {
        if (explicitPath is { Length: > 0 })
            return File.Exists(explicitPath) ? explicitPath : throw new FileNotFoundException($"{Variable} names {explicitPath}, which does not exist.");
        foreach (var dir in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in Candidates)
                if (Path.Combine(dir, name) is var candidate && File.Exists(candidate)) return candidate;
        throw new FileNotFoundException(
            "Static figure export needs headless Chromium, and none was found on PATH: install the Debian package 'chromium' " +
            $"(environment/setup.sh does, from environment/apt-packages.txt) or set {Variable} to a Chromium or Chrome executable.");
    }

    /// <summary>The command-line flags: headless, no sandbox (it cannot start as root), no network, no profile state.</summary>
    internal static IReadOnlyList<string> Arguments(string profileDirectory) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
        "--mute-audio", "--hide-scrollbars", "--disable-dev-shm-usage",
        // No network: every request goes to a proxy that refuses it (loopback included), and no name resolves.
        "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
        $"--user-data-dir={profileDirectory}", "--remote-debugging-port=0", "about:blank",
    ];

    /// <summary>
    /// Loads <paramref name="pageHtml"/> (written into a temporary folder with <paramref name="files"/> beside it, so
    /// it can reference them relatively), then evaluates <paramref name="expression"/>, awaiting it when it is a
    /// promise; returns its JSON value. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<JsonNode?> EvaluateAsync(string pageHtml, string expression, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? files = null, CancellationToken cancellationToken = default)
    {
        var executable = Locate();
        var folder = Directory.CreateTempSubdirectory("vvs-chromium-").FullName;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var ct = timeoutSource.Token;
        Process? process = null;
        var stage = "starting Chromium";
        try
        {
            foreach (var (name, text) in files ?? new Dictionary<string, string>())
                await File.WriteAllTextAsync(Path.Combine(folder, name), text, ct);
            var page = Path.Combine(folder, "page.html");
            await File.WriteAllTextAsync(page, pageHtml, ct);

            var start = new ProcessStartInfo(executable, Arguments(Path.Combine(folder, "profile")))
            {
                RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
            };
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var log = new StringBuilder();
            var endpoint = await ReadEndpointAsync(process, log, ct);

            stage = "connecting to Chromium's DevTools";
            await using var devtools = await DevTools.ConnectAsync(endpoint, ct);
            stage = "opening the page";
            var target = await devtools.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, ct);
            var attached = await devtools.SendAsync("Target.attachToTarget",
                new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, null, ct);
            var session = attached["sessionId"]!.GetValue<string>();
            await devtools.SendAsync("Page.enable", new JsonObject(), session, ct);
            var loaded = devtools.WaitForEvent("Page.loadEventFired", session);
            var navigation = await devtools.SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(page).AbsoluteUri }, session, ct);
            if (navigation["errorText"] is { } navError) throw new InvalidOperationException($"Chromium could not open the page: {navError}");
            stage = "loading the page";
            await loaded.WaitAsync(ct);

            stage = "evaluating in the page";
            var result = await devtools.SendAsync("Runtime.evaluate", new JsonObject
            {
                ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true,
            }, session, ct);
            if (result["exceptionDetails"] is { } failure)
                throw new InvalidOperationException("The page's script failed in Chromium: " +
                    (failure["exception"]?["description"]?.GetValue<string>() ?? failure["text"]?.GetValue<string>() ?? failure.ToJsonString()));
            try { await devtools.SendAsync("Browser.close", new JsonObject(), null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), ct); }
            catch (Exception e) when (e is TimeoutException or WebSocketException or OperationCanceledException or InvalidOperationException) { }
            return result["result"]?["value"]?.DeepClone();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Headless Chromium ({executable}) did not finish within {timeout.TotalSeconds:0} s (stuck {stage}).");
        }
        finally
        {
            if (process is not null)
            {
                if (!process.WaitForExit(TimeSpan.FromSeconds(5))) process.Kill(entireProcessTree: true);
                process.WaitForExit();
                process.Dispose();
            }
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { } // a crashed renderer can hold a profile file a moment longer; the temp folder is cleaned by the OS
        }
    }

    /// <summary>Reads stderr until Chromium prints its DevTools endpoint (it picks a free port itself).</summary>
    private static async Task<Uri> ReadEndpointAsync(Process process, StringBuilder log, CancellationToken ct)
    {
        while (await process.StandardError.ReadLineAsync(ct) is { } line)
        {
            if (Endpoint().Match(line) is { Success: true } m)
            {
                // Keep draining stderr, or Chromium blocks once the pipe fills.
                _ = Task.Run(async () => { while (await process.StandardError.ReadLineAsync(CancellationToken.None) is not null) { } }, CancellationToken.None);
                return new Uri(m.Groups[1].Value);
            }
            if (log.Length < 4000) log.AppendLine(line);
        }
        await process.WaitForExitAsync(ct);
        throw new InvalidOperationException($"Chromium exited ({process.ExitCode}) before it started DevTools:\n{log}");
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex Endpoint();

    /// <summary>A minimal DevTools protocol client: commands matched to replies by id, and awaited events.</summary>
    private sealed class DevTools : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
        private readonly List<(string Method, string? Session, TaskCompletionSource Seen)> _awaited = [];
        private readonly Lock _lock = new();
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly Task _receiving;
        private int _nextId;

        private DevTools(ClientWebSocket socket)
        {
            _socket = socket;
            _receiving = Task.Run(ReceiveLoopAsync);
        }

        public static async Task<DevTools> ConnectAsync(Uri endpoint, CancellationToken ct)
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(endpoint, ct);
            return new DevTools(socket);
        }

        /// <summary>Sends a command and returns its result; a protocol error becomes an exception.</summary>
        public async Task<JsonObject> SendAsync(string method, JsonObject parameters, string? session, CancellationToken ct)
        {
            var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            int id;
            lock (_lock)
            {
                id = ++_nextId;
                _pending[id] = reply;
            }
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            if (session is not null) message["sessionId"] = session;
            await _send.WaitAsync(ct);
            try { await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, ct); }
            finally { _send.Release(); }
            var answer = await reply.Task.WaitAsync(ct);
            if (answer["error"] is { } error) throw new InvalidOperationException($"Chromium refused {method}: {error["message"]}");
            return answer["result"] as JsonObject ?? [];
        }

        /// <summary>A task that completes when <paramref name="method"/> next fires (registered before the command that causes it).</summary>
        public Task WaitForEvent(string method, string? session)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock) _awaited.Add((method, session, seen));
            return seen.Task;
        }

        private async Task ReceiveLoopAsync()
        {
            var buffer = new byte[1 << 16];
            var message = new MemoryStream();
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    var part = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (part.MessageType == WebSocketMessageType.Close) break;
                    message.Write(buffer, 0, part.Count);
                    if (!part.EndOfMessage) continue;
                    Dispatch(JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length)) as JsonObject);
                    message.SetLength(0);
                }
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or JsonException) { }
            lock (_lock)
            {
                foreach (var pending in _pending.Values)
                    pending.TrySetException(new InvalidOperationException("Chromium closed the DevTools connection."));
                _pending.Clear();
            }
        }

        private void Dispatch(JsonObject? message)
        {
            if (message is null) return;
            lock (_lock)
            {
                if (message["id"] is { } id)
                {
                    if (_pending.Remove(id.GetValue<int>(), out var reply)) reply.TrySetResult(message);
                    return;
                }
                var method = message["method"]?.GetValue<string>();
                var session = message["sessionId"]?.GetValue<string>();
                for (var i = _awaited.Count - 1; i >= 0; i--)
                    if (_awaited[i].Method == method && (_awaited[i].Session is null || _awaited[i].Session == session))
                    {
                        _awaited[i].Seen.TrySetResult();
                        _awaited.RemoveAt(i);
                    }
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_socket.State == WebSocketState.Open)
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException or ObjectDisposedException) { }
            _socket.Abort();
            _socket.Dispose();
            await _receiving.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
            _send.Dispose();
        }
    }
}
