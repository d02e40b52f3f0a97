namespace EventFramework.Outbox.Tests;

public sealed class FilteredOutboxTests
{
    private static readonly OutboxRelayOptions Fast = new() { BatchSize = 100, PollInterval = TimeSpan.FromMilliseconds(20), RetryDelay = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task two_relays_share_one_outbox_each_publishing_its_own_destinations_in_order()
    {
        var outbox = new InMemoryOutbox();
        var (commands, events) = (new FakeBroker(), new FakeBroker());
        var sent = new List<OutboxMessage>();
        for (var i = 0; i < 2500; i++) sent.Add(new OutboxMessage(Guid.NewGuid(), "commands", $"k{i % 3}", "Cmd", [1]));
        sent.Add(new OutboxMessage(Guid.NewGuid(), "events", "k1", "Evt", [2]));
        for (var i = 0; i < 10; i++) sent.Add(new OutboxMessage(Guid.NewGuid(), i % 2 == 0 ? "events" : "commands", "k2", "Mixed", [3]));
        outbox.Enqueue(sent);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var runs = new[]
        {
            new OutboxRelay("to-commands", new FilteredOutbox(outbox, m => m.Destination == "commands"), commands, outbox.Changes, Fast).Run(stop.Token),
            new OutboxRelay("to-events", new FilteredOutbox(outbox, m => m.Destination == "events"), events, outbox.Changes, Fast).Run(stop.Token),
        };
        while ((commands.Accepted.Count < 2505 || events.Accepted.Count < 6) && !stop.IsCancellationRequested)
        {
            foreach (var run in runs.Where(r => r.IsFaulted)) await run;
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        foreach (var run in runs) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(sent.Where(m => m.Destination == "commands").Select(m => m.MessageId), commands.Accepted.Select(m => m.MessageId));
        Assert.Equal(sent.Where(m => m.Destination == "events").Select(m => m.MessageId), events.Accepted.Select(m => m.MessageId));
    }
}
