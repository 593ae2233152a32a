using System.Diagnostics;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// Source lines for stack frames in cells. Cells are emitted without debug information (writing and loading a PDB
/// was about a fifth of every cell's round trip), so when a cell fails its submission is emitted again, this time
/// with a portable PDB, and each frame's IL offset is looked up there. A frame gets a line only when the method's IL
/// in the second emit is byte for byte the IL that ran, so a line is never a guess.
/// </summary>
internal sealed class SubmissionLines
{
    private readonly Dictionary<string, Symbols?> _symbols = [];

    /// <summary>
    /// <paramref name="exception"/>'s stack trace as .NET prints it, with <c>in cell[n]:line k</c> after each frame
    /// of a cell; <paramref name="submission"/> gives a cell's compilation by its assembly name.
    /// </summary>
    public string? StackTrace(Exception exception, Func<string, Compilation?> submission)
    {
        var text = exception.StackTrace;
        if (string.IsNullOrEmpty(text)) return text;
        try
        {
            var lines = text.Split('\n');
            var cursor = 0;
            foreach (var frame in new StackTrace(exception, false).GetFrames())
            {
                if (frame.GetMethod() is not { } method || Locate(method, frame.GetILOffset(), submission) is not { } location) continue;
                var at = FindFrameLine(lines, cursor, method);
                if (at < 0) continue;
                lines[at] = lines[at].TrimEnd('\r') + $" in {location.Document}:line {location.Line}";
                cursor = at + 1;
            }
            return string.Join('\n', lines);
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            return text;
        }
    }

    private static int FindFrameLine(string[] lines, int from, MethodBase method)
    {
        // .NET prints a frame as "at Namespace.Type.Nested.Method(…)"; nested types joined with '.'.
        var name = (method.DeclaringType?.FullName?.Replace('+', '.') is { } type ? type + "." : "") + method.Name;
        for (var i = from; i < lines.Length; i++)
            if (lines[i].TrimStart().StartsWith("at " + name, StringComparison.Ordinal)
                && lines[i].AsSpan(lines[i].IndexOf("at ", StringComparison.Ordinal) + 3 + name.Length).TrimStart() is ['(' or '[', ..])
                return i;
        return -1;
    }

    private (string Document, int Line)? Locate(MethodBase method, int ilOffset, Func<string, Compilation?> submission)
    {
        // Submissions are loaded from memory: an assembly with a file (or a dynamic one) is never a cell.
        if (ilOffset < 0 || method.Module.Assembly.IsDynamic || method.Module.Assembly.Location.Length > 0) return null;
        var assemblyName = method.Module.Assembly.GetName().Name;
        if (assemblyName is null) return null;
        if (!_symbols.TryGetValue(assemblyName, out var symbols))
            _symbols[assemblyName] = symbols = submission(assemblyName) is { } compilation ? Symbols.Emit(compilation) : null;
        return symbols?.Locate(method, ilOffset);
    }

    private sealed class Symbols(PEReader pe, MetadataReader pdb)
    {
        public static Symbols? Emit(Compilation compilation)
        {
            var peStream = new MemoryStream();
            var pdbStream = new MemoryStream();
            var result = compilation.Emit(peStream, pdbStream, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            if (!result.Success) return null;
            peStream.Position = 0;
            pdbStream.Position = 0;
            return new Symbols(new PEReader(peStream), MetadataReaderProvider.FromPortablePdbStream(pdbStream).GetMetadataReader());
        }

        public (string Document, int Line)? Locate(MethodBase method, int ilOffset)
        {
            var handle = MetadataTokens.MethodDefinitionHandle(method.MetadataToken);
            var metadata = pe.GetMetadataReader();
            if (MetadataTokens.GetRowNumber(handle) > metadata.MethodDefinitions.Count) return null;
            var definition = metadata.GetMethodDefinition(handle);
            if (definition.RelativeVirtualAddress == 0 || metadata.GetString(definition.Name) != method.Name) return null;
            var emitted = pe.GetMethodBody(definition.RelativeVirtualAddress).GetILBytes();
            var ran = method.GetMethodBody()?.GetILAsByteArray();
            if (ran is null || emitted is null || !ran.AsSpan().SequenceEqual(emitted)) return null;

            (string, int)? found = null;
            foreach (var point in pdb.GetMethodDebugInformation(handle).GetSequencePoints())
            {
                if (point.Offset > ilOffset) break;
                if (!point.IsHidden) found = (pdb.GetString(pdb.GetDocument(point.Document).Name), point.StartLine);
            }
            return found;
        }
    }
}
