using System.Reflection;

namespace VvsNotebook.Interactive.Magics;

/// <summary>
/// Whether TorchSharp can be loaded here. The <c>VvsNotebook</c> package leaves torch out (libtorch alone is 440 MB),
/// so in .NET Interactive the magics that run models need <c>#r "nuget:VvsNotebook.Torch"</c> first; our kernel
/// carries torch itself.
/// </summary>
public static class TorchPackage
{
    /// <summary>The package that brings TorchSharp and libtorch at the versions VvsNotebook.Training was built against.</summary>
    public const string Id = "VvsNotebook.Torch";

    /// <summary>True when the TorchSharp assembly loads (already loaded, or resolvable from the host's references).</summary>
    public static bool IsAvailable()
    {
        if (AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "TorchSharp")) return true;
        try
        {
            Assembly.Load(new AssemblyName("TorchSharp"));
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>Refuses <paramref name="magic"/> with the fix when torch is missing, before it touches any torch type.</summary>
    public static void Require(string magic)
    {
        if (!IsAvailable())
            throw new MagicException(
                $"{magic} runs models with TorchSharp, which this notebook has not loaded. Run `#r \"nuget:{Id}\"` in a cell first " +
                "(it brings TorchSharp and libtorch, about 440 MB once); fitting, data, metrics and figures need no torch.");
    }
}
