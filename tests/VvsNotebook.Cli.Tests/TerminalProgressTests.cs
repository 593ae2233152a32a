using System.Diagnostics;
using Xunit;

namespace VvsNotebook.Cli.Tests;

/// <summary>
/// Long CLI jobs show a Spectre.Console bar on a real terminal (a pseudo-terminal from util-linux <c>script</c>) and
/// are quiet when stderr is redirected.
/// </summary>
public sealed class TerminalProgressTests
{
    private static readonly string[] Fit = ["fit", "compute_neuro", "--bootstraps", "200", "--no-cache", "--threads", "1"];

    [Fact]
    public void a_fit_with_bootstraps_draws_a_bar_on_a_terminal_and_clears_it_before_the_result()
    {
        if (!File.Exists("/usr/bin/script")) Assert.Fail("util-linux `script` is needed to give vvs a terminal (apt install bsdutils).");
        var command = string.Join(' ', new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "vvs.dll") }.Concat(Fit).Select(a => $"'{a}'"));
        var info = new ProcessStartInfo("/usr/bin/script", ["-qfec", command, "/dev/null"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var terminal = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, terminal + stderr.Result);
        Assert.Contains("\u2501", terminal);                 // the bar's segments
        Assert.Contains("compute_neuro: bootstraps", terminal); // its label follows the fit's stage
        Assert.Contains("100%", terminal);
        var result = terminal.IndexOf("95% CI (200 bootstraps", StringComparison.Ordinal);
        var cleared = terminal.LastIndexOf("\u001b[2K", StringComparison.Ordinal); // the bar's lines erased
        Assert.True(result > 0 && cleared > 0 && cleared < result, "the bar is erased before the result line is printed");
    }

    [Fact]
    public void a_redirected_fit_writes_no_bar_and_no_escape_codes()
    {
        var (code, stdout, stderr) = VvsProcess.Run(Fit);
        Assert.Equal(0, code);
        Assert.DoesNotContain("\u2501", stderr);
        Assert.False((stderr + stdout).Contains('\u001b'), "escape codes in redirected output:\n" + stderr + stdout);
        Assert.Contains("95% CI (200 bootstraps", stdout);
    }
}
