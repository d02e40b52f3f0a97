namespace EventFramework.Benchmarks.Workload;

/// <summary>The stored size of one typical event, reported next to the figures.</summary>
internal static class PayloadSize
{
    public static int OfSample()
    {
        var sample = new DepositGenerator(seed: 0).Next(DepositGenerator.NewAccount(), 0, 1).Events[0];
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(sample, EventSerializer.DefaultOptions).Length;
    }
}
