using System.Text.Json;
using System.Text.Json.Nodes;

namespace VvsNotebook.Kernel.Tests.EndToEnd;

/// <summary>
/// One kernel, driven by jupyter_client from Python (an independent client), through the scenarios the issue names.
/// The scenarios share the kernel process, so they run once in a fixture and each test checks its part.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class KernelScenarioTests(KernelScenarioTests.Report report) : IClassFixture<KernelScenarioTests.Report>
{
    public sealed class Report(KernelEnvironment environment)
        : ScriptReport(environment, "kernel_scenarios.py", [], TimeSpan.FromMinutes(3));

    [Fact]
    public void a_message_with_a_spoofed_signature_is_refused_and_a_replayed_one_too()
    {
        var spoof = report.Part("spoof");
        Assert.False(spoof["forged_answered"]!.GetValue<bool>(), "the kernel replied to a forged message");
        Assert.Empty(spoof["forged_iopub"]!.AsArray());
        Assert.True(spoof["genuine_answered"]!.GetValue<bool>(), "the kernel did not answer a correctly signed message");
        Assert.False(spoof["replay_answered"]!.GetValue<bool>(), "the kernel answered a replayed message");
    }

    [Fact]
    public void an_interrupted_endless_loop_returns_control_and_the_kernel_lives() => AssertInterrupted("interrupt_loop");

    [Fact]
    public void an_interrupted_blocking_call_returns_control_after_the_grace_period() => AssertInterrupted("interrupt_sleep");

    /// <summary>The interrupted cell failed as cancelled, and the next cell ran normally.</summary>
    private void AssertInterrupted(string scenario)
    {
        var result = report.Part(scenario);
        Assert.Equal("error", result["reply_status"]!.GetValue<string>());
        Assert.Equal("OperationCanceledException", result["ename"]!.GetValue<string>());
        Assert.Equal("ok", result["next_cell_status"]!.GetValue<string>());
    }

    [Fact]
    public void cells_queued_behind_a_failed_cell_are_aborted_and_later_cells_run()
    {
        var abort = report.Part("stop_on_error");
        Assert.Equal(["error", "aborted", "aborted"], abort["statuses"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("ok", abort["next_cell_status"]!.GetValue<string>());
    }

    [Fact]
    public void a_silent_cell_runs_without_broadcasting_output()
    {
        var silent = report.Part("silent");
        Assert.Equal(["status", "status"], silent["iopub"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("ok", silent["status"]!.GetValue<string>());
        Assert.Equal("5", silent["value_after"]!.GetValue<string>());
    }

    [Fact]
    public void a_hundred_cells_in_a_row_keep_working_and_keep_state()
    {
        var hundred = report.Part("hundred");
        Assert.All(hundred["statuses"]!.AsArray(), s => Assert.Equal("ok", s!.GetValue<string>()));
        Assert.Equal(100, hundred["statuses"]!.AsArray().Count);
        Assert.Equal(100, hundred["results_present"]!.GetValue<int>());
        Assert.Equal((99 * 100 / 2).ToString(), hundred["last"]!.GetValue<string>());
    }
}
