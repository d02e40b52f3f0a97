using System.Diagnostics;

namespace EventFramework.Benchmarks.Relay;

/// <summary>
/// The CDC relay (<see cref="PostgresCdcRelay"/>, logical replication) with the idempotent
/// <see cref="KafkaProducer"/>. A slot only sees what commits after its creation, so the suite creates
/// one slot per round before it seeds the outbox; each round then reads the whole seed from its slot.
/// </summary>
internal sealed class CdcMode(string connectionString, string schema, int batchSize) : IAsyncDisposable
{
    private readonly List<string> _slots = [];

    public const string Name = "cdc";

    private PostgresCdcOptions Options(string slot) => new()
    {
        Schema = schema,
        Slot = slot,
        Relay = new OutboxRelayOptions { BatchSize = batchSize },
        Heartbeat = null,
    };

    /// <summary>Creates one slot per round; call before seeding.</summary>
    public async Task CreateSlots(int rounds)
    {
        for (var round = 0; round < rounds; round++)
        {
            var slot = $"bench_cdc_{round}_{Guid.NewGuid():N}"[..24];
            await using var relay = new PostgresCdcRelay(slot, connectionString, new NoProducer(), Options(slot));
            await relay.EnsureSlot();
            _slots.Add(slot);
        }
    }

    /// <summary>Relays the seed of round <paramref name="round"/> into Kafka; messages/s.</summary>
    public async Task<double> Measure(RelayBench bench, int round, int messages)
    {
        using var producer = new KafkaProducer(bench.ProducerOptions);
        await using var relay = new PostgresCdcRelay(_slots[round], connectionString, producer, Options(_slots[round]));
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var running = relay.Run(stop.Token);
        while (relay.Status.Published + relay.Status.DeadLettered < messages)
        {
            if (running.IsCompleted) await running; // surfaces its failure
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"the CDC relay published {relay.Status.Published} of {messages} in 10 minutes");
            await Task.Delay(2);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        try { await running; }
        catch (OperationCanceledException) { }
        return messages / seconds;
    }

    /// <summary>Drops the slots: a forgotten slot holds WAL on the server forever.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots)
        {
            await using var relay = new PostgresCdcRelay(slot, connectionString, new NoProducer(), Options(slot));
            await relay.DropSlot();
        }
        _slots.Clear();
    }

    private sealed class NoProducer : IProducer
    {
        public Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default) =>
            throw new InvalidOperationException("only used to manage slots");
    }
}
