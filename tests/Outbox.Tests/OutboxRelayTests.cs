using EventFramework.Conformance;

namespace EventFramework.Outbox.Tests;

public sealed class OutboxRelayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly OutboxRelayOptions Fast = new() { BatchSize = 7, PollInterval = TimeSpan.FromMilliseconds(20), RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };
    private readonly InMemoryOutbox _outbox = new();
    private readonly FakeBroker _broker = new();

    [Fact]
    public async Task publishes_every_message_in_order_and_follows_new_ones()
    {
        var sent = Enqueue(30);
        await using (var relay = Start())
        {
            await Until(() => _broker.Accepted.Count == 30);
            sent.AddRange(Enqueue(10));
            await Until(() => _broker.Accepted.Count == 40);
        }

        Assert.Equal(sent.Select(m => m.MessageId), _broker.Accepted.Select(m => m.MessageId));
    }

    [Fact]
    public async Task a_restarted_relay_resumes_after_what_it_recorded()
    {
        Enqueue(20);
        await using (Start()) await Until(() => _broker.Accepted.Count == 20);
        Enqueue(5);
        await using (Start()) await Until(() => _broker.Accepted.Count == 25);
        await Task.Delay(100);

        Assert.Equal(25, _broker.Accepted.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(25, _broker.Accepted.Count);
    }

    [Fact]
    public async Task a_broker_outage_loses_nothing_and_the_relay_recovers_by_itself()
    {
        var sent = Enqueue(15);
        _broker.GoDown(calls: 6);
        await using var running = Start();

        await Until(() => _broker.Accepted.Count == 15);

        Assert.Equal(sent.Select(m => m.MessageId), _broker.Accepted.Select(m => m.MessageId));
        Assert.True(_broker.Calls >= 6 + 3);
        Assert.Null(running.Relay.Status.LastError);
    }

    [Fact]
    public async Task a_message_the_broker_refuses_is_dead_lettered_and_the_rest_flow()
    {
        var before = Enqueue(3);
        var huge = new OutboxMessage(Guid.NewGuid(), "t", "k", "Huge", new byte[4096]);
        _outbox.Enqueue(huge);
        var after = Enqueue(3);
        await using var running = Start();

        await Until(() => _broker.Accepted.Count == 6);
        await Until(() => running.Relay.Status.DeadLettered == 1);

        Assert.Equal(before.Concat(after).Select(m => m.MessageId), _broker.Accepted.Select(m => m.MessageId));
        var letter = Assert.Single(await _outbox.LoadDeadLetters("relay"));
        Assert.Equal(huge.MessageId, letter.Message.Message.MessageId);
        Assert.Contains("exceeds 1024", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task two_relays_with_one_name_record_every_message_once()
    {
        Enqueue(100);
        await using (Start())
        await using (Start())
            await Until(async () => await _outbox.LoadPosition("relay") == (await _outbox.ReadAfter(LogPosition.Start, 1000))[^1].Position);

        // At least once into the broker (both may publish a batch before one loses the compare-and-set), never lost.
        Assert.Equal(100, _broker.Accepted.Select(m => m.MessageId).Distinct().Count());
    }

    private List<OutboxMessage> Enqueue(int count)
    {
        var messages = Enumerable.Range(0, count).Select(i => OutboxStoreTests<InMemoryOutboxFixture>.Message($"key-{i % 4}", i)).ToList();
        foreach (var m in messages) _outbox.Enqueue(m);
        return messages;
    }

    private RunningRelay Start() => new(new OutboxRelay("relay", _outbox, _broker, _outbox.Changes, Fast));

    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition never held");
            await Task.Delay(10);
        }
    }

    private sealed class RunningRelay : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new(Timeout);
        private readonly Task _run;

        public RunningRelay(OutboxRelay relay)
        {
            Relay = relay;
            _run = relay.Run(_stop.Token);
        }

        public OutboxRelay Relay { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _run; }
            catch (OperationCanceledException) { }
            _stop.Dispose();
        }
    }
}
