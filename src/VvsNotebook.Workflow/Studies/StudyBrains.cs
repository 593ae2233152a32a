using VvsNotebook.Brain;

namespace VvsNotebook.Workflow;

/// <summary>The brain sets the studies' <c>--brain</c> names: one loader, so every study reads them the same way.</summary>
public static class StudyBrains
{
    /// <summary>Refuses a <c>--brain</c> other than simulated or things-fmri, before anything is read.</summary>
    public static void CheckSimulatedOrThings(string brain)
    {
        if (brain is not ("simulated" or "things-fmri"))
            throw new ArgumentException($"--brain must be simulated or things-fmri (got '{brain}').");
    }

    /// <summary>
    /// <c>simulated</c> (offline, <paramref name="simulated"/>'s sizes) or <c>things-fmri</c> (its files in
    /// <paramref name="dataDir"/>, else <c>VVS_DATA</c>).
    /// </summary>
    public static BrainRoiSet SimulatedOrThings(string brain, string? dataDir, SimulatedRoiOptions? simulated = null) => brain == "things-fmri"
        ? ThingsFmri.Load(dataDir ?? Environment.GetEnvironmentVariable("VVS_DATA")
            ?? throw new ArgumentException("--brain things-fmri needs --data-dir (or VVS_DATA) holding the THINGS-fMRI files of data-manifests/things-fmri.yaml."))
        : SimulatedRoiSet.Build(simulated);
}
