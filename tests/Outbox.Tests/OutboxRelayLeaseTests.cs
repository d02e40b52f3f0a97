using EventFramework.Conformance;

namespace EventFramework.Outbox.Tests;

public sealed class OutboxRelayLeaseTests
{
    private static readonly OutboxRelayOptions Fast = new() { BatchSize = 10, PollInterval = TimeSpan.FromMilliseconds(10), RetryDelay = TimeSpan.FromMilliseconds(5) };
    private static readonly LeaseOptions ShortLease = new() { Duration = TimeSpan.FromSeconds(5), RenewEvery = TimeSpan.FromMilliseconds(50) };

    private readonly InMemoryOutbox _outbox = new();
    private readonly FakeBroker _broker = new();
    private readonly InMemoryProjectionLease _lease = new();

    [Fact]
    public async Task under_a_lease_only_the_holder_publishes_and_a_standby_takes_over_when_it_stops()
    {
        var sent = Enqueue(60);
        var first = new OutboxRelay("relay", _outbox, _broker, _outbox.Changes, Fast);
        var second = new OutboxRelay("relay", _outbox, _broker, _outbox.Changes, Fast);
        using var stopFirst = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stopSecond = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var runFirst = first.RunWithLease(_lease, ShortLease with { Owner = "first" }, stopFirst.Token);
        await Until(() => _broker.Accepted.Count >= 60);
        var runSecond = second.RunWithLease(_lease, ShortLease with { Owner = "second" }, stopSecond.Token);
        await Until(() => second.Status.Standby);
        sent.AddRange(Enqueue(40));
        await Until(() => _broker.Accepted.Count >= 100);

        await stopFirst.CancelAsync(); // releases the lease: the standby needs no expiry
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runFirst);
        sent.AddRange(Enqueue(30));
        await Until(() => _broker.Accepted.Count >= 130);
        await stopSecond.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runSecond);

        Assert.Equal(sent.Select(m => m.MessageId), _broker.Accepted.Select(m => m.MessageId)); // each once, in order
        Assert.Equal(100, first.Status.Published);
        Assert.Equal(30, second.Status.Published);
    }

    private List<OutboxMessage> Enqueue(int count)
    {
        var messages = Enumerable.Range(0, count).Select(i => OutboxStoreTests<InMemoryOutboxFixture>.Message($"key-{i % 4}", i)).ToList();
        _outbox.Enqueue(messages);
        return messages;
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition never held");
            await Task.Delay(10);
        }
    }
}
