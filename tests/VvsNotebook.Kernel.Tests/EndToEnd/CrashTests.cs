namespace VvsNotebook.Kernel.Tests.EndToEnd;

/// <summary>A kernel that dies mid-cell must look dead to the client (nbclient's DeadKernelError), not hang it.</summary>
[Collection(KernelCollection.Name)]
public sealed class CrashTests(KernelEnvironment environment)
{
    [Fact]
    public void a_kernel_crash_is_reported_to_the_client_as_a_dead_kernel()
    {
        var run = environment.Run(KernelEnvironment.Python, [KernelEnvironment.Script("kernel_crash.py"), KernelEnvironment.KernelName], TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("RESULT dead-kernel", run.Stdout);
    }
}
