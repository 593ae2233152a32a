using System.Reflection;
using VvsNotebook.Fitting;
using VvsNotebook.Progress;
using VvsNotebook.Training.Loop;
using VvsNotebook.Workflow;

namespace VvsNotebook.Cli.Tests.Progress;

/// <summary>The hosts render one progress type: every long job of the library reports a <see cref="JobProgress"/>.</summary>
public sealed class JobProgressTypesTests
{
    /// <summary>
    /// Plain counters kept on purpose: the splits and permutations inside a metric (IProgress&lt;int&gt;, on a bar
    /// the caller labels) and a download's bytes (IProgress&lt;long&gt;). They count units of one step of a job that the
    /// caller describes; a record per permutation would only rename the number.
    /// </summary>
    private static readonly Type[] Counters = [typeof(int), typeof(long)];

    private static readonly Assembly[] Library = [typeof(JobProgress).Assembly, typeof(TrainingProgress).Assembly, typeof(StudyFinished).Assembly];

    [Fact]
    public void every_progress_a_public_signature_of_the_library_takes_or_returns_is_a_job_progress()
    {
        var reported = (from type in Library.SelectMany(a => a.GetExportedTypes())
                        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                            .Cast<MethodBase>().Concat(type.GetConstructors())
                        from signature in method.GetParameters().Select(p => p.ParameterType)
                            .Concat(method is MethodInfo m ? [m.ReturnType] : [])
                        from progress in ProgressArguments(signature)
                        select (Where: $"{type.FullName}.{method.Name}", Progress: progress)).ToList();

        Assert.Contains(reported, r => r.Progress == typeof(FitProgress)); // the scan does see the jobs' signatures
        Assert.Empty(reported.Where(r => !typeof(JobProgress).IsAssignableFrom(r.Progress) && !Counters.Contains(r.Progress))
            .Select(r => $"{r.Where}: IProgress<{r.Progress.Name}>"));
    }

    /// <summary>The T of each IProgress&lt;T&gt; in <paramref name="type"/>, also inside other generics (a Func taking one).</summary>
    private static IEnumerable<Type> ProgressArguments(Type type)
    {
        if (type.HasElementType) return ProgressArguments(type.GetElementType()!);
        if (!type.IsGenericType) return [];
        var arguments = type.GetGenericArguments();
        var nested = arguments.SelectMany(ProgressArguments);
        return type.GetGenericTypeDefinition() == typeof(IProgress<>) ? nested.Prepend(arguments[0]) : nested;
    }
}
