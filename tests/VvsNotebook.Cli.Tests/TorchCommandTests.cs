using System.Text.Json;

namespace VvsNotebook.Cli.Tests;

public sealed class TorchCommandTests
{
    [Fact]
    public void vvs_torch_loads_libtorch_2_10_from_the_restored_packages_and_describes_it_as_json()
    {
        var (code, stdout, stderr) = VvsProcess.Run(["torch", "--json", "-"]);
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("2.10.0", root.GetProperty("libtorch_version").GetString());
        Assert.Equal("0.107.0", root.GetProperty("torchsharp_version").GetString());
        Assert.Equal("cpu", root.GetProperty("backend").GetString());
        Assert.True(File.Exists(Path.Combine(root.GetProperty("libtorch_directory").GetString()!, "libtorch_cpu.so")));
        Assert.False(root.GetProperty("cuda_available").GetBoolean());
        // Nothing of libtorch's was copied next to the CLI.
        Assert.Empty(Directory.GetFiles(AppContext.BaseDirectory, "libtorch*.so", SearchOption.AllDirectories));
    }

    [Fact]
    public void vvs_torch_refuses_a_json_path_in_a_missing_folder_before_loading_anything()
    {
        var (code, _, stderr) = VvsProcess.Run(["torch", "--json", "/nonexistent-folder/torch.json"]);
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent-folder", stderr);
    }
}
