namespace EventFramework.Benchmarks.Harness;

/// <summary>Prints rates as a table (median, min, max per case and contender) and puts them in the report.</summary>
internal static class RateReport
{
    /// <summary>One row per (case, contender); sets <c>{key}</c> (the median), <c>{key}_min</c> and <c>{key}_max</c>.</summary>
    public static void Write(BenchReport report, Measurements results, IEnumerable<(string Case, string Contender, string Key)> rows)
    {
        var table = new Table("case", "contender", "median", "min", "max") { TextColumns = 2 };
        var failures = new List<string>();
        foreach (var (@case, contender, key) in rows)
        {
            var stats = results.Stats(contender, @case);
            table.Add(@case, contender, Table.Rate(stats.Median), Range(stats.Min), Range(stats.Max));
            report.Set(key, stats.Median);
            report.Set(key + "_min", stats.Min);
            report.Set(key + "_max", stats.Max);
            if (results.FailureOf(contender, @case) is { } reason) failures.Add($"{contender}: {reason}");
        }
        table.Print(Console.Out);
        foreach (var failure in failures.Distinct()) Console.WriteLine($"  failed  {failure}");
        results.ReportFailures(report);
    }

    /// <summary>
    /// Prints ours/marten and ours/raw per case from the medians and sets <c>ratio_{case}</c> and
    /// <c>limit_ratio_{case}</c> (null when either side failed).
    /// </summary>
    public static void WriteRatios(BenchReport report, Measurements results, IEnumerable<string> cases)
    {
        var table = new Table("case", "ours/marten", "ours/raw");
        foreach (var @case in cases)
        {
            var ours = results.Stats("ours", @case);
            var ratio = Stats.Ratio(ours, results.Stats("marten", @case));
            var limit = Stats.Ratio(ours, results.Stats("raw", @case));
            table.Add(@case, Table.Ratio(ratio), Table.Ratio(limit));
            report.Set($"ratio_{@case}", ratio, 3);
            report.Set($"limit_ratio_{@case}", limit, 3);
        }
        table.Print(Console.Out);
    }

    private static string Range(double value) => double.IsFinite(value) ? Table.Rate(value) : "";
}
