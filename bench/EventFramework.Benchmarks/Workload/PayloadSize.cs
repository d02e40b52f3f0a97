namespace EventFramework.Benchmarks.Workload;

/// <summary>The stored size of a typical event (the mean over a generated batch), reported next to the figures.</summary>
internal static class PayloadSize
{
    public static int OfSample()
    {
        var batch = new DepositGenerator(seed: 0).Next(DepositGenerator.NewAccount(), 0, 1_000).Events;
        return (int)Math.Round(batch.Average(e => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(e, EventSerializer.DefaultOptions).Length));
    }
}
