using System.Collections;
using System.Linq.Expressions;
using VvsNotebook.Data;

namespace VvsNotebook.Experiments;

/// <summary>
/// A results-table record seen as a column-name-to-value row without copying it: values are read through compiled
/// getters on access, and the few columns a filter rewrites (arch_family, total_flops) live in a small override map.
/// </summary>
internal sealed class RecordRow(ScoreRecord record, IReadOnlyDictionary<string, object?>? overrides = null) : IReadOnlyDictionary<string, object?>
{
    /// <summary>
    /// Compiled getters of the results-table columns; a column whose property is not named after it (snake_case to
    /// PascalCase) goes through <see cref="ScoreTable.GetValue"/>.
    /// </summary>
    private static readonly Dictionary<string, Func<ScoreRecord, object?>> Getters = ScoreTable.Columns.ToDictionary(c => c, column =>
    {
        var name = string.Concat(column.Split('_').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        if (typeof(ScoreRecord).GetProperty(name) is not { } property) return r => ScoreTable.GetValue(r, column);
        var parameter = Expression.Parameter(typeof(ScoreRecord));
        return Expression.Lambda<Func<ScoreRecord, object?>>(Expression.Convert(Expression.Property(parameter, property), typeof(object)), parameter).Compile();
    });

    /// <summary>This row with one column replaced.</summary>
    public RecordRow With(string column, object? value)
    {
        var map = overrides is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(overrides);
        map[column] = value;
        return new RecordRow(record, map);
    }

    public object? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"No column '{key}'.");
    public IEnumerable<string> Keys => ScoreTable.Columns;
    public IEnumerable<object?> Values => Keys.Select(k => this[k]);
    public int Count => ScoreTable.Columns.Count;
    public bool ContainsKey(string key) => Getters.ContainsKey(key);

    public bool TryGetValue(string key, out object? value)
    {
        if (overrides is not null && overrides.TryGetValue(key, out value)) return true;
        if (Getters.TryGetValue(key, out var get))
        {
            value = get(record);
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        Keys.Select(k => new KeyValuePair<string, object?>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
