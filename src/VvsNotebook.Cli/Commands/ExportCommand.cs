using System.CommandLine;
using System.Text.Json;
using VvsNotebook.Figures;
using VvsNotebook.Training.Checkpoints;
using VvsNotebook.Training.Runtime;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs export</c>: a finished run's trained weights as a PyTorch state dict, with a JSON sidecar describing the model.</summary>
public static class ExportCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A finished training run directory (from vvs train or #!train)" };
        var output = new Option<string>("--checkpoint") { Description = "The state dict to write, e.g. model.pt; the sidecar goes beside it (model.json)", Required = true };
        var json = JsonOutput.Create("what was exported");
        var command = new Command("export", "Write a finished run's weights as a PyTorch state dict (torch.load reads it) and a JSON sidecar: arch, width, depth, input, classes, normalisation.")
        { run, output, json };
        command.SetAction(parse => CliErrors.Run(() => Export(parse, parse.GetValue(run)!, parse.GetValue(output)!, json)));
        return command;
    }

    private static int Export(ParseResult parse, string run, string output, Option<string?> jsonOption)
    {
        string? json;
        string runDirectory, checkpoint;
        // Everything a user can get wrong is checked before the model is loaded (bad input: exit 2 through CliErrors).
        runDirectory = Path.GetFullPath(run);
        checkpoint = Path.GetFullPath(output);
        PyTorchCheckpoint.CheckExportable(runDirectory, checkpoint);
        json = JsonOutput.Target(parse, jsonOption);

        RunExport export;
        try { export = PyTorchCheckpoint.ExportRun(runDirectory, checkpoint); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TorchRuntimeException or System.Runtime.InteropServices.ExternalException)
        {
            Console.Error.WriteLine($"error: export failed: {e.Message}");
            return 1;
        }
        var text = JsonSerializer.Serialize(export, Json);
        if (json == "-")
        {
            Console.WriteLine(text);
            return 0;
        }
        Console.WriteLine($"exported {export.ModelId}: {export.Tensors} tensors, {export.Parameters:N0} parameters");
        Console.WriteLine($"state dict: {export.Checkpoint}");
        Console.WriteLine($"sidecar:    {export.Sidecar}");
        Console.WriteLine($"in Python:  model.load_state_dict(torch.load(\"{Path.GetFileName(export.Checkpoint)}\", weights_only=True))");
        JsonOutput.WriteText(json, text);
        return 0;
    }
}
