namespace EventFramework.Benchmarks.Relay;

/// <summary>
/// One way of relaying the outbox into Kafka, measured the same way: a fresh relay name from the
/// start of the seeded outbox to its head. A new mode (CDC) is one class listed in <c>RelaySuite</c>.
/// </summary>
internal interface IRelayMode
{
    /// <summary>The figure's prefix: <c>{Name}_msgs_per_s</c>.</summary>
    string Name { get; }

    /// <summary>Starts relaying the outbox into Kafka under <paramref name="relay"/> until <paramref name="ct"/> is cancelled.</summary>
    Task Run(RelayBench bench, string relay, int batchSize, CancellationToken ct);
}
