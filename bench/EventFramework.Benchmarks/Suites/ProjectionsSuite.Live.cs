using System.Globalization;
using EventFramework.Benchmarks.Harness;

namespace EventFramework.Benchmarks.Suites;

internal sealed partial class ProjectionsSuite
{
    private const string LiveMethod =
        "per event: Stopwatch just before Append -> first 1 ms poll (own connection) of the projection's committed checkpoint at or past the event's position";

    /// <summary>Append → read-model latency at each target rate, ours only, each run in a fresh schema.</summary>
    private static async Task Live(BenchDatabase database, Settings settings, BenchReport report)
    {
        report.Set("live_method", LiveMethod);
        report.Set("live_wakeup", settings.LiveInProcess ? "in-process" : "notify");
        report.Set("live_seconds", settings.LiveDuration.TotalSeconds, 1);
        var live = new LiveLatency(database, SchemaPrefix + "live", settings.Options, settings.LiveInProcess);
        var table = new Table("target/s", "writers", "reached/s", "events", "p50 ms", "p99 ms", "max ms");
        var legs = new Table("target/s", "append", "append → batch start", "batch (handlers + COMMIT)", "batch end → seen");
        var failures = new List<string>();
        foreach (var rate in settings.LiveRates)
        {
            var label = RateLabel(rate);
            var writers = settings.LiveWriters > 0 ? settings.LiveWriters : Math.Clamp(rate / 200, 4, 64);
            LiveResult? result = null;
            try
            {
                result = await live.Measure(rate, writers, settings.LiveWarmUp, settings.LiveDuration);
                Progress.Line($"{"live",-12} {label,-8} {"ours",-8} p50 {result.P50:0.0} ms, p99 {result.P99:0.0} ms at {result.AchievedRate:N0}/s");
            }
            catch (Exception e)
            {
                failures.Add($"{label}: {Measurements.Describe(e)}");
                report.Fail($"ours live {label}", Measurements.Describe(e));
                Progress.Line($"{"live",-12} {label,-8} {"ours",-8} FAILED {Measurements.Describe(e)}");
            }
            report.Set($"live_p50_ms_{label}", result?.P50 ?? double.NaN, 2);
            report.Set($"live_p99_ms_{label}", result?.P99 ?? double.NaN, 2);
            report.Set($"live_max_ms_{label}", result?.Max ?? double.NaN, 2);
            report.Set($"live_rate_{label}", result?.AchievedRate ?? double.NaN, 0);
            report.Set($"live_events_{label}", result?.Events ?? 0);
            report.Set($"live_writers_{label}", writers);
            Leg(report, label, "append", result?.Append);
            Leg(report, label, "pickup", result?.PickUp);
            Leg(report, label, "batch", result?.Batch);
            Leg(report, label, "observe", result?.Observe);
            table.Add(label, writers.ToString(CultureInfo.InvariantCulture), Table.Rate(result?.AchievedRate ?? double.NaN), Table.Rate(result?.Events ?? double.NaN),
                Ms(result?.P50), Ms(result?.P99), Ms(result?.Max));
            legs.Add(label, Pair(result?.Append), Pair(result?.PickUp), Pair(result?.Batch), Pair(result?.Observe));
        }
        Console.WriteLine();
        Console.WriteLine($"projections live: append -> committed read model, single-event appends at a fixed rate for {settings.LiveDuration.TotalSeconds:0.#} s " +
            $"after {settings.LiveWarmUp.TotalSeconds:0.#} s warm-up, runner woken by {(settings.LiveInProcess ? "the writers' store in-process" : "NOTIFY (own store, as a separate host)")}");
        Console.WriteLine($"  method: {LiveMethod}");
        table.Print(Console.Out);
        foreach (var failure in failures) Console.WriteLine($"  failed  {failure}");
        Console.WriteLine();
        Console.WriteLine("where the latency goes, p50 / p99 ms (legs overlap: the batch may start before the append call returns)");
        legs.Print(Console.Out);
    }

    private static void Leg(BenchReport report, string label, string leg, (double P50, double P99)? value)
    {
        report.Set($"live_{leg}_p50_ms_{label}", value?.P50 ?? double.NaN, 2);
        report.Set($"live_{leg}_p99_ms_{label}", value?.P99 ?? double.NaN, 2);
    }

    private static string Pair((double P50, double P99)? value) => value is { } v ? $"{Ms(v.P50)} / {Ms(v.P99)}" : "failed";

    private static string Ms(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0", CultureInfo.InvariantCulture) : "failed";
}
