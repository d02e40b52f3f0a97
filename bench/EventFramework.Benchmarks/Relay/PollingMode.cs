namespace EventFramework.Benchmarks.Relay;

/// <summary>The polling <see cref="OutboxRelay"/> with the idempotent <see cref="KafkaProducer"/> (at-least-once).</summary>
internal sealed class PollingMode : IRelayMode
{
    public string Name => "polling";

    public async Task Run(RelayBench bench, string relay, int batchSize, CancellationToken ct)
    {
        using var producer = new KafkaProducer(bench.ProducerOptions);
        var options = new OutboxRelayOptions { BatchSize = batchSize, PollInterval = bench.PollInterval };
        await new OutboxRelay(relay, bench.Outbox, producer, options: options).Run(ct);
    }
}
