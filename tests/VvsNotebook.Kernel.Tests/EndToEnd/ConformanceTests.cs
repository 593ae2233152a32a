namespace VvsNotebook.Kernel.Tests.EndToEnd;

/// <summary>The Jupyter project's own kernel conformance suite (Debian python3-jupyter-kernel-test) against our kernel.</summary>
[Collection(KernelCollection.Name)]
public sealed class ConformanceTests(KernelEnvironment environment)
{
    [Fact]
    public void the_jupyter_kernel_test_suite_passes()
    {
        var run = environment.Run(KernelEnvironment.Python, ["-m", "unittest", "-v", "kernel_conformance"], TimeSpan.FromMinutes(3),
            workingDirectory: Path.GetDirectoryName(KernelEnvironment.Script("kernel_conformance.py")));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("OK", run.Output);
        // Every test the suite has for the features we claim ran instead of being skipped.
        foreach (var test in new[] { "test_execute_stdout", "test_execute_stderr", "test_error", "test_execute_result", "test_display_data",
                     "test_completion", "test_is_complete", "test_inspect", "test_clear_output", "test_history", "test_kernel_info" })
            Assert.Matches($@"{test} \(kernel_conformance\.VvsNotebookKernelTests\.{test}\)[^\n]*\.\.\. ok", run.Output);
    }
}
