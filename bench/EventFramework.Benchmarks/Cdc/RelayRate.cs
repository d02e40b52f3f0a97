namespace EventFramework.Benchmarks.Cdc;

/// <summary>One relay run over a prefilled outbox: how many messages the producer acknowledged, and how long it took.</summary>
internal sealed record RelayRate(string Mode, long Messages, TimeSpan Elapsed)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;
}
