using System.Globalization;
using EventFramework.Benchmarks.Harness;

namespace EventFramework.Benchmarks.Suites;

/// <summary>An append workload "EventsPerTransaction x Writers", e.g. <c>10x8</c>: 8 concurrent writers, 10 events a transaction.</summary>
internal sealed record AppendCase(int EventsPerTransaction, int Writers)
{
    public string Name => $"{EventsPerTransaction}x{Writers}";

    public static AppendCase Parse(string text)
    {
        var parts = text.Split('x');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var events) && events > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var writers) && writers > 0
                ? new AppendCase(events, writers)
                : throw new UsageException($"'{text}' is not a case; cases look like 10x8 (events per transaction x writers)");
    }
}
