namespace VvsNotebook.Workflow;

/// <summary>The studies <c>#!study</c> and <c>vvs study</c> know, in the order help lists them.</summary>
public static class StudyCatalog
{
    /// <summary>Fresh run-option sets (System.CommandLine options belong to the commands they are added to).</summary>
    public static IReadOnlyList<IStudyRunOptions> All() =>
    [
        new LearningRuleStudyRunOptions(),
        new EncodingStudyRunOptions(),
        new AlignmentStudyRunOptions(),
    ];
}
