using System.Diagnostics;
using EventFramework.Benchmarks.Contenders;
using EventFramework.Benchmarks.Suites;

namespace EventFramework.Benchmarks.Workload;

/// <summary>One timed append measurement (the append and adapters suites): every writer of a case on its own streams, each transaction with an exact expected version.</summary>
internal static class AppendRun
{
    /// <summary>Returns events/s over the wall-clock time of <paramref name="duration"/>.</summary>
    public static async Task<double> Measure(IStoreContender contender, AppendCase @case, string prefix, TimeSpan duration, int streamLength)
    {
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, @case.Writers)
            .Select(w => Task.Run(() => Write(contender, @case, $"{prefix}-w{w}", w, duration, streamLength, clock, stop)))
            .ToArray();
        var written = await Task.WhenAll(writers);
        return written.Sum() / clock.Elapsed.TotalSeconds;
    }

    private static async Task<long> Write(IStoreContender contender, AppendCase @case, string prefix, int writer, TimeSpan duration, int streamLength, Stopwatch clock, CancellationTokenSource stop)
    {
        var generator = new DepositGenerator(seed: writer);
        long written = 0, inStream = 0;
        var (stream, account, streamNo, transactions) = ("", Guid.Empty, 0, streamLength);
        try
        {
            while (clock.Elapsed < duration && !stop.IsCancellationRequested)
            {
                if (transactions == streamLength)
                    (stream, account, streamNo, transactions, inStream) = ($"{prefix}-s{streamNo}", DepositGenerator.NewAccount(), streamNo + 1, 0, 0);
                var batch = generator.Next(account, inStream, @case.EventsPerTransaction);
                await contender.Append(stream, inStream, batch, stop.Token);
                inStream += batch.Events.Count;
                written += batch.Events.Count;
                transactions++;
            }
            return written;
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }
}
