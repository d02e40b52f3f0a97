namespace EventFramework.Marten.Tests.Projections;

/// <summary>Money paid into an account (storage name "Deposited").</summary>
[EventType("Deposited")]
public sealed record Deposited(string Account, long Amount);

/// <summary>An account's balance document.</summary>
public sealed class AccountBalance
{
    public string Id { get; set; } = "";
    public long Balance { get; set; }
}

/// <summary>One document per event applied, keyed by the event id: applying an event twice fails its batch (Insert, not Store).</summary>
public sealed class AppliedEvent
{
    public Guid Id { get; set; }
    public string Instance { get; set; } = "";
}

/// <summary>Balances as Marten documents, with the applied-event record that makes a double application visible.</summary>
public sealed class Balances : Projection<MartenProjectionContext>
{
    public Balances(string instance) : base("balances") =>
        On<Deposited>(async (ctx, e, envelope, ct) =>
        {
            ctx.Session.Insert(new AppliedEvent { Id = envelope.EventId, Instance = instance });
            var balance = await ctx.Session.LoadAsync<AccountBalance>(e.Account, ct) ?? new AccountBalance { Id = e.Account };
            balance.Balance += e.Amount;
            ctx.Session.Store(balance);
        });
}
