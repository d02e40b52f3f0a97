namespace EventFramework.Benchmarks.Relay;

/// <summary>The <see cref="TransactionalKafkaRelay"/>: each batch and its position in one Kafka transaction.</summary>
internal sealed class TransactionalMode : IRelayMode
{
    public string Name => "transactional";

    public Task Run(RelayBench bench, string relay, int batchSize, CancellationToken ct) =>
        new TransactionalKafkaRelay(relay, bench.Outbox, new TransactionalRelayOptions
        {
            Producer = bench.ProducerOptions,
            BatchSize = batchSize,
            PollInterval = bench.PollInterval,
            PositionTopic = bench.Kafka.CreateTopic("bench-positions", 1),
        }).Run(ct);
}
