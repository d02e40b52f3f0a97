namespace EventFramework.Benchmarks.Harness;

/// <summary>Median, min and max of one contender's per-round figures; NaN when there are none.</summary>
internal readonly record struct Stats(double Median, double Min, double Max, int Count)
{
    public static Stats None { get; } = new(double.NaN, double.NaN, double.NaN, 0);

    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return None;
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>a / b of two medians, NaN when either is missing.</summary>
    public static double Ratio(Stats a, Stats b) => a.Count > 0 && b.Count > 0 && b.Median > 0 ? a.Median / b.Median : double.NaN;
}
