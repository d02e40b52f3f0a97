using System.Globalization;

namespace EventFramework.Benchmarks.Harness;

/// <summary>
/// Interleaved rounds: round r runs every case, and within a case every contender once, with
/// the contender order rotated by r, so slow drift (autovacuum, checkpoints, a warming cache)
/// hits every contender alike. Round 0 is an unrecorded warm-up (JIT, pools, prepared statements).
/// </summary>
internal static class Rounds
{
    /// <summary>
    /// Runs one contender's set-up (schema, seed data). When it throws, the contender is marked
    /// failed in every case and the suite carries on without it.
    /// </summary>
    public static async Task<bool> SetUp(Measurements results, IContender contender, IEnumerable<string> cases, Func<Task> setUp)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await setUp();
            Progress.Line($"{"set-up",-12} {"",-8} {contender.Name,-8} ready in {clock.Elapsed.TotalSeconds:0.0} s");
            return true;
        }
        catch (Exception e)
        {
            foreach (var @case in cases) results.Fail(contender.Name, @case, e);
            Progress.Line($"{"set-up",-12} {"",-8} {contender.Name,-8} FAILED {Measurements.Describe(e)}");
            return false;
        }
    }

    /// <param name="results">Where figures go; a contender already failed in a case (e.g. at set-up) is skipped there.</param>
    /// <param name="measure">Runs one contender on one case in one round and returns its rate.</param>
    /// <param name="takesPart">Whether a contender runs a case at all (e.g. SQLite skips concurrent writers).</param>
    public static async Task Run<TContender>(
        Measurements results,
        int rounds,
        bool warmUp,
        IReadOnlyList<string> cases,
        IReadOnlyList<TContender> contenders,
        Func<TContender, string, int, Task<double>> measure,
        Func<TContender, string, bool>? takesPart = null,
        string unit = "events/s")
        where TContender : IContender
    {
        for (var round = warmUp ? 0 : 1; round <= rounds; round++)
        {
            foreach (var @case in cases)
            {
                for (var i = 0; i < contenders.Count; i++)
                {
                    var contender = contenders[(i + round) % contenders.Count];
                    if (takesPart?.Invoke(contender, @case) == false || results.HasFailed(contender.Name, @case)) continue;
                    var label = round == 0 ? "warm-up" : $"round {round}/{rounds}";
                    try
                    {
                        var rate = await measure(contender, @case, round);
                        if (round > 0) results.Record(contender.Name, @case, rate);
                        Progress.Line($"{label,-12} {@case,-8} {contender.Name,-8} {rate.ToString("N0", CultureInfo.InvariantCulture),12} {unit}");
                    }
                    catch (Exception e)
                    {
                        results.Fail(contender.Name, @case, e);
                        Progress.Line($"{label,-12} {@case,-8} {contender.Name,-8} FAILED {Measurements.Describe(e)}");
                    }
                }
            }
        }
    }
}
