using System.CommandLine;
using VvsNotebook.Kernel;
using VvsNotebook.Kernel.Messaging;

namespace VvsNotebook.Cli.Commands;

/// <summary><c>vvs kernel -f {connection_file}</c> runs the C# Jupyter kernel; <c>vvs kernel install</c> registers it.</summary>
public static class KernelCommand
{
    public static Command Create()
    {
        var connectionFile = new Option<FileInfo?>("--connection-file", "-f") { Description = "Jupyter connection file (front ends pass {connection_file})" };
        var command = new Command("kernel", "Run the VvsNotebook C# Jupyter kernel") { connectionFile, CreateInstall() };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            if (parse.GetValue(connectionFile) is not { } file)
                throw new ArgumentException("The kernel needs a connection file: vvs kernel -f <connection.json> (Jupyter passes it), or `vvs kernel install` to register the kernel.");
            using var kernel = new JupyterKernel(ConnectionInfo.Load(file.FullName));
            return kernel.Run();
        }));
        return command;
    }

    private static Command CreateInstall()
    {
        var user = new Option<bool>("--user") { Description = "Install for the current user (~/.local/share/jupyter; the default)" };
        var prefix = new Option<DirectoryInfo?>("--prefix") { Description = "Install under PREFIX/share/jupyter/kernels (e.g. a virtual environment)" };
        var name = new Option<string>("--name") { Description = "Kernelspec name", DefaultValueFactory = _ => KernelSpec.DefaultName };
        var install = new Command("install", "Write the kernelspec so Jupyter, VS Code and nbconvert find the kernel") { user, prefix, name };
        install.Validators.Add(r =>
        {
            if (r.GetValue(user) && r.GetValue(prefix) is not null) r.AddError("Use either --user or --prefix, not both.");
        });
        install.SetAction(parse => CliErrors.Run(() =>
        {
            var directory = KernelSpec.Install(parse.GetValue(name)!, parse.GetValue(prefix)?.FullName);
            Console.WriteLine($"Installed kernelspec '{parse.GetValue(name)}' in {directory}");
            return 0;
        }));
        return install;
    }
}
