namespace EventFramework.Benchmarks.Harness;

/// <summary>
/// Per-round figures by (contender, case). A contender that throws in a case is marked failed
/// there: its figure becomes NaN and later rounds skip it, the rest keep going.
/// </summary>
internal sealed class Measurements
{
    private readonly Dictionary<(string Contender, string Case), List<double>> _values = [];
    private readonly Dictionary<(string Contender, string Case), string> _failures = [];

    public void Record(string contender, string @case, double value)
    {
        if (!_values.TryGetValue((contender, @case), out var list)) _values[(contender, @case)] = list = [];
        list.Add(value);
    }

    public void Fail(string contender, string @case, Exception error) =>
        _failures.TryAdd((contender, @case), Describe(error));

    public bool HasFailed(string contender, string @case) => _failures.ContainsKey((contender, @case));

    /// <summary>The summary over the measured rounds; NaN when the contender failed in this case.</summary>
    public Stats Stats(string contender, string @case) =>
        !HasFailed(contender, @case) && _values.TryGetValue((contender, @case), out var list) ? Harness.Stats.Of(list) : Harness.Stats.None;

    public string? FailureOf(string contender, string @case) => _failures.GetValueOrDefault((contender, @case));

    /// <summary>Copies every failure into the report, as "contender case": reason.</summary>
    public void ReportFailures(BenchReport report)
    {
        foreach (var ((contender, @case), reason) in _failures) report.Fail($"{contender} {@case}", reason);
    }

    /// <summary>One line: the innermost exception's type and message (NotImplementedException stays recognisable).</summary>
    public static string Describe(Exception error)
    {
        while ((error is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException) && error.InnerException is not null)
            error = error.InnerException!;
        return $"{error.GetType().Name}: {error.Message}".ReplaceLineEndings(" ");
    }
}
