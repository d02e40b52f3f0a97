using System.Diagnostics;
using System.Text.Json;

namespace EventFramework.Domain.Tests.Commands;

public sealed class CommandPublishTests
{
    public sealed record DepositMade(string Account, decimal Amount);

    private readonly InMemoryEventStore _store = new();

    private CommandService<AccountState> Service(Func<MoneyDeposited, IntegrationContext, object?>? contract = null) =>
        Accounts.Decider(_store).Publish(new IntegrationMap()
            .Map<MoneyDeposited>("bank.transactions", contract ?? ((e, _) => new DepositMade(e.AccountId, e.Amount))));

    [Fact]
    public async Task mapped_events_are_written_with_the_append_and_the_rest_stay_inside()
    {
        var service = Service();
        await service.Handle(new OpenAccount("a1", "Ada"));
        await service.Handle(new Deposit("a1", 25m));

        var message = Assert.Single(_store.OutboxMessages);
        var deposited = (await _store.ReadStream(Accounts.Stream("a1"), 0, 10))[^1];
        Assert.Equal(deposited.EventId, message.MessageId);
        Assert.Equal(Accounts.Stream("a1").Value, message.Key);
        Assert.Equal(nameof(DepositMade), message.Type);
        Assert.Equal(new DepositMade("a1", 25m), JsonSerializer.Deserialize<DepositMade>(message.Payload, JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task a_contract_of_null_keeps_that_event_inside()
    {
        var service = Service((e, _) => e.Amount >= 100 ? new DepositMade(e.AccountId, e.Amount) : null);
        await service.Handle(new OpenAccount("a1", "Ada"));
        await service.Handle(new Deposit("a1", 5m));
        await service.Handle(new Deposit("a1", 500m));

        Assert.Equal([500m], _store.OutboxMessages.Select(m => JsonSerializer.Deserialize<DepositMade>(m.Payload, JsonSerializerOptions.Web)!.Amount));
    }

    [Fact]
    public async Task the_current_trace_context_travels_in_the_headers()
    {
        using var activity = new Activity("handle deposit").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "vendor=1";
        var service = Service();
        await service.Handle(new OpenAccount("a1", "Ada"));
        await service.Handle(new Deposit("a1", 1m));

        var headers = Assert.Single(_store.OutboxMessages).Headers;
        Assert.Equal(activity.Id, headers[IntegrationMap.Headers.TraceParent]);
        Assert.Equal("vendor=1", headers[IntegrationMap.Headers.TraceState]);
    }

    [Fact]
    public void an_event_type_is_mapped_once()
    {
        var map = new IntegrationMap().Map<MoneyDeposited>("t", (e, _) => e);
        Assert.Throws<ArgumentException>(() => map.Map<MoneyDeposited>("u", (e, _) => e));
        Assert.True(map.Handles(typeof(MoneyDeposited)));
        Assert.False(map.Handles(typeof(OpenAccount)));
    }
}
