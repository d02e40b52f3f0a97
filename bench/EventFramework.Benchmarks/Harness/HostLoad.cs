using System.Globalization;

namespace EventFramework.Benchmarks.Harness;

/// <summary>
/// The machine's 1-minute load average (Linux), reported at the start and end of a run: a busy
/// shared host explains noisy figures better than any statistic does.
/// </summary>
internal static class HostLoad
{
    public static double Now()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    public static void Report(BenchReport report, string when) => report.Set($"host_load_{when}", Now(), 2);
}
