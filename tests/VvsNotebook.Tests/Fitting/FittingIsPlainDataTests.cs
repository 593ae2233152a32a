using System.Reflection;
using System.Text.RegularExpressions;
using VvsNotebook.Fitting;

namespace VvsNotebook.Tests.Fitting;

/// <summary>
/// Fitting is plain data: no fitting type renders itself or names figure or display code, so figures
/// (<c>VvsNotebook.Figures.FitPlots</c>) and notebook displays attach from the layers above.
/// </summary>
public sealed class FittingIsPlainDataTests
{
    private static readonly string[] UpperNamespaces = ["VvsNotebook.Figures", "VvsNotebook.Display"];

    private static IEnumerable<Type> FittingTypes() => typeof(ScalingLawFit).Assembly.GetTypes()
        .Where(t => t.Namespace is { } ns && (ns == "VvsNotebook.Fitting" || ns.StartsWith("VvsNotebook.Fitting.", StringComparison.Ordinal)));

    private static bool IsUpper(Type? type) => type is not null && (
        UpperNamespaces.Any(ns => type.Namespace == ns || type.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) == true)
        || (type.IsGenericType && type.GetGenericArguments().Any(IsUpper))
        || (type.HasElementType && IsUpper(type.GetElementType())));

    [Fact]
    public void no_fitting_type_implements_or_exposes_a_figure_or_display_type()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        foreach (var type in FittingTypes())
        {
            offenders.AddRange(type.GetInterfaces().Where(IsUpper).Select(i => $"{type.Name} implements {i.Name}"));
            if (IsUpper(type.BaseType)) offenders.Add($"{type.Name} derives from {type.BaseType!.Name}");
            offenders.AddRange(type.GetFields(all).Where(f => IsUpper(f.FieldType)).Select(f => $"{type.Name}.{f.Name}"));
            offenders.AddRange(type.GetProperties(all).Where(p => IsUpper(p.PropertyType)).Select(p => $"{type.Name}.{p.Name}"));
            offenders.AddRange(type.GetMethods(all)
                .Where(m => IsUpper(m.ReturnType) || m.GetParameters().Any(p => IsUpper(p.ParameterType)))
                .Select(m => $"{type.Name}.{m.Name}()"));
        }
        Assert.Empty(offenders);
    }

    [Fact]
    public void no_fitting_source_file_names_figure_or_display_code()
    {
        var folder = Path.Combine(TestData.RepositoryRoot, "src", "VvsNotebook", "Fitting");
        var pattern = new Regex(@"\bVvsNotebook\.(Figures|Display)\b|\b(Figures|Display)\.\w|\b(PlotlyFigure|IMimeRenderable|MimeTypes)\b");
        var offenders = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(folder, f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("///", StringComparison.Ordinal) && pattern.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.Empty(offenders);
    }
}
