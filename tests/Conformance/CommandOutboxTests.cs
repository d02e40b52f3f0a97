using System.Text.Json;

namespace EventFramework.Conformance;

/// <summary>
/// The command service's transactional outbox on a real store: a command's events and its
/// integration messages commit together, once, in the command's transaction.
/// </summary>
public abstract class CommandOutboxTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, ICommandOutboxFixture
{
    public sealed record Add(string Tally, int Amount);

    public sealed record Added(int Amount);

    public sealed record Noted(string Text);

    [EventType("tally.changed.v1")]
    public sealed record TallyChanged(string Tally, int Amount);

    private readonly EventSerializer _serializer = new(new TypeRegistry().Register<Added>("Added").Register<Noted>("Noted"));

    private CommandService<int> Service() =>
        new CommandService<int>(fixture.Store, _serializer, () => 0, (total, e) => e is Added a ? total + a.Amount : total)
            .On<Add>(c => new StreamName($"tally-{c.Tally}"), (total, c) => c.Amount switch
            {
                0 => throw new DomainException("nothing to add"),
                < 0 when total + c.Amount < 0 => throw new DomainException("a tally never goes below zero"),
                _ => [new Added(c.Amount), new Noted($"now {total + c.Amount}")],
            })
            .Publish(new IntegrationMap().Map<Added>("tallies", (e, c) => new TallyChanged(c.Stream.Value, e.Amount)));

    private async Task<List<StoredOutboxMessage>> MessagesOf(string tally)
    {
        await fixture.WaitForOutbox();
        var all = new List<StoredOutboxMessage>();
        var after = LogPosition.Start;
        for (var page = await fixture.Outbox.ReadAfter(after, 500); page.Count > 0; page = await fixture.Outbox.ReadAfter(after, 500))
        {
            all.AddRange(page);
            after = page[^1].Position;
        }
        return [.. all.Where(m => m.Message.Key == $"tally-{tally}")];
    }

    [Fact]
    public async Task a_command_writes_its_mapped_events_as_messages_with_event_ids_keys_and_context()
    {
        var tally = Guid.NewGuid().ToString("N");
        var commandId = Guid.NewGuid();
        var result = await Service().Handle(new Add(tally, 5), new CommandContext { CommandId = commandId, CorrelationId = "corr-1", TenantId = "t1" });

        Assert.Equal(CommandOutcome.Applied, result.Outcome);
        var events = await fixture.Store.ReadStream(new StreamName($"tally-{tally}"), 0, 1000);
        var message = Assert.Single(await MessagesOf(tally)).Message;
        Assert.Equal(events[0].EventId, message.MessageId); // only Added is mapped; Noted stays inside
        Assert.Equal(("tallies", $"tally-{tally}", "tally.changed.v1"), (message.Destination, message.Key, message.Type));
        Assert.Equal(new TallyChanged($"tally-{tally}", 5), JsonSerializer.Deserialize<TallyChanged>(message.Payload, JsonSerializerOptions.Web));
        Assert.Equal("corr-1", message.Headers[IntegrationMap.Headers.CorrelationId]);
        Assert.Equal(commandId.ToString(), message.Headers[IntegrationMap.Headers.CausationId]);
        Assert.Equal("t1", message.Headers[IntegrationMap.Headers.TenantId]);
    }

    [Fact]
    public async Task a_redelivered_command_writes_neither_events_nor_messages_again()
    {
        var tally = Guid.NewGuid().ToString("N");
        var context = new CommandContext { CommandId = Guid.NewGuid() };
        var service = Service();
        await service.Handle(new Add(tally, 5), context);
        var again = await service.Handle(new Add(tally, 5), context);

        Assert.Equal(CommandOutcome.AlreadyHandled, again.Outcome);
        Assert.Single(await MessagesOf(tally));
        Assert.Equal(2, (await fixture.Store.ReadStream(new StreamName($"tally-{tally}"), 0, 1000)).Count);
    }

    [Fact]
    public async Task a_rejected_or_conflicting_command_leaves_no_message()
    {
        var tally = Guid.NewGuid().ToString("N");
        var service = Service();
        Assert.Equal(CommandOutcome.Rejected, (await service.Handle(new Add(tally, 0))).Outcome);
        Assert.Equal(CommandOutcome.Rejected, (await service.Handle(new Add(tally, -1))).Outcome);
        await service.Handle(new Add(tally, 2));

        // Concurrent commands on one stream: the conflicts retry, and every applied command has exactly its message.
        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => service.Handle(new Add(tally, 10 * i)))));
        var applied = results.Count(r => r.Outcome == CommandOutcome.Applied);

        var amounts = (await MessagesOf(tally)).Select(m => JsonSerializer.Deserialize<TallyChanged>(m.Message.Payload, JsonSerializerOptions.Web)!.Amount).ToList();
        Assert.Equal(1 + applied, amounts.Count);
        var stored = (await fixture.Store.ReadStream(new StreamName($"tally-{tally}"), 0, 1000))
            .Where(e => e.EventType == "Added").Select(e => ((Added)_serializer.Deserialize(e)).Amount);
        Assert.Equal(stored, amounts); // the same amounts in the same (commit) order as the events
    }
}
