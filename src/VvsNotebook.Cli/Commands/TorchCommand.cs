using System.CommandLine;
using System.Text.Json;
using VvsNotebook.Figures;
using VvsNotebook.Training.Runtime;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs torch</c>: loads libtorch as training does and says where it came from and what this machine offers.</summary>
public static class TorchCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var json = JsonOutput.Create("the description");
        var command = new Command("torch", "Load TorchSharp's libtorch (applying the libstdc++ fix where needed) and describe it.") { json };
        command.SetAction((parse, _) => CliErrors.Run(async () =>
        {
            var path = JsonOutput.Target(parse, json);
            TorchRuntimeInfo info;
            try { info = TorchRuntime.EnsureLoaded(); }
            catch (TorchRuntimeException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
            var text = JsonSerializer.Serialize(info, Json);
            if (path == "-") { Console.WriteLine(text); return 0; }
            Console.WriteLine($"TorchSharp {info.TorchSharpVersion}, libtorch {info.LibTorchVersion} ({info.Backend})");
            Console.WriteLine($"libtorch:        {info.LibTorchDirectory}");
            Console.WriteLine($"libLibTorchSharp: {info.LibTorchSharp}");
            Console.WriteLine($"libstdc++:       {info.SystemLibStdCxx}");
            Console.WriteLine($"libstdc++ fix:   {info.CompatibilityFix ?? "not needed"}");
            Console.WriteLine($"threads {info.Threads}, cuda {(info.CudaAvailable ? "available" : "not available")}, bf16 on this CPU {(info.CpuHasBf16 ? "native (AVX-512 BF16/AMX)" : "not native")}");
            JsonOutput.WriteText(path, text);
            return 0;
        }));
        return command;
    }
}
