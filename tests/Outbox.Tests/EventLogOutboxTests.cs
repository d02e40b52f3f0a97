using System.Text;
using System.Text.Json;

namespace EventFramework.Outbox.Tests;

public sealed class EventLogOutboxTests
{
    public sealed record Deposited(decimal Amount);

    public sealed record NoteAdded(string Text);

    public sealed record MoneyIn(string Account, decimal Amount);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly OutboxRelayOptions Fast = new() { BatchSize = 50, PollInterval = TimeSpan.FromMilliseconds(20), RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };

    private readonly InMemoryEventStore _store = new();
    private readonly InMemoryOutbox _positions = new();
    private readonly FakeBroker _broker = new();
    private readonly EventSerializer _serializer = new(new TypeRegistry().Register<Deposited>("Deposited").Register<NoteAdded>("NoteAdded"));
    private readonly IntegrationMap _map = new IntegrationMap().Map<Deposited>("bank.transactions", (e, c) => new MoneyIn(c.Stream.Value, e.Amount));

    private async Task<List<Guid>> Append(string stream, params object[] events)
    {
        var data = events.Select(e => _serializer.Serialize(e, new EventMetadata { CorrelationId = "c-1" })).ToList();
        await _store.Append(new StreamName(stream), ExpectedVersion.Any, data);
        return [.. data.Where(d => d.EventType == "Deposited").Select(d => d.EventId)];
    }

    [Fact]
    public async Task only_mapped_events_leave_as_their_contracts_in_log_order_even_past_pages_of_private_ones()
    {
        var expected = await Append("acc-1", new Deposited(1), new NoteAdded("x"), new Deposited(2));
        for (var i = 0; i < 30; i++) await Append("notes", [.. Enumerable.Range(0, 100).Select(n => (object)new NoteAdded($"{i}/{n}"))]);
        expected.AddRange(await Append("acc-2", new Deposited(3)));

        var relay = new OutboxRelay("public", new EventLogOutbox(_store, _serializer, _map, _positions), _broker, _store.Changes, Fast);
        using var stop = new CancellationTokenSource(Timeout);
        var run = relay.Run(stop.Token);
        await Until(() => _broker.Accepted.Count >= 3, run);
        expected.AddRange(await Append("acc-1", new Deposited(4)));
        await Until(() => _broker.Accepted.Count >= 4, run);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(expected, _broker.Accepted.Select(m => m.MessageId));
        var first = _broker.Accepted.First();
        Assert.Equal(("bank.transactions", "acc-1", nameof(MoneyIn), "c-1"), (first.Destination, first.Key, first.Type, first.Headers[IntegrationMap.Headers.CorrelationId]));
        Assert.Equal(new MoneyIn("acc-1", 1), JsonSerializer.Deserialize<MoneyIn>(first.Payload, JsonSerializerOptions.Web));
        Assert.Equal([1m, 2m, 3m, 4m], _broker.Accepted.Select(m => JsonSerializer.Deserialize<MoneyIn>(m.Payload, JsonSerializerOptions.Web)!.Amount));
    }

    [Fact]
    public async Task a_mapped_event_that_cannot_be_read_holds_the_relay_with_the_error_instead_of_losing_it()
    {
        await Append("acc-1", new Deposited(1));
        await _store.Append(new StreamName("acc-1"), ExpectedVersion.Any, [new EventData(Guid.NewGuid(), "Deposited", Encoding.UTF8.GetBytes("""{"amount":"not a number"}"""))]);
        await Append("acc-1", new Deposited(3));

        var relay = new OutboxRelay("public", new EventLogOutbox(_store, _serializer, _map, _positions), _broker, _store.Changes, Fast);
        using var stop = new CancellationTokenSource(Timeout);
        var run = relay.Run(stop.Token);
        await Until(() => relay.Status.LastError is not null, run);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Empty(_broker.Accepted); // the batch holding the bad event is never half-published
        Assert.Null(await _positions.LoadPosition("public"));
    }

    private static async Task Until(Func<bool> condition, Task run)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (run.IsCompleted) await run;
            Assert.True(DateTime.UtcNow < deadline, "Timed out.");
            await Task.Delay(10);
        }
    }
}
