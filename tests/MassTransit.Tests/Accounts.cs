namespace EventFramework.MassTransit.Tests;

/// <summary>The command a MassTransit message carries in the bridge tests.</summary>
public sealed record Deposit(string AccountId, decimal Amount);

/// <summary>The event a deposit stores.</summary>
[EventType("Deposited")]
public sealed record Deposited(string AccountId, decimal Amount);

/// <summary>A balance kept by a command service over the PostgreSQL store.</summary>
public static class Accounts
{
    public static StreamName Stream(string accountId) => new($"Account-{accountId}");

    public static EventSerializer Serializer() => new(new TypeRegistry().Register<Deposited>());

    public static CommandService<decimal> Service(IEventStore store) =>
        new CommandService<decimal>(store, Serializer(), () => 0m, (balance, e) => e is Deposited d ? balance + d.Amount : balance)
            .On<Deposit>(c => Stream(c.AccountId), (_, c) => c.Amount > 0 ? [new Deposited(c.AccountId, c.Amount)] : throw new DomainException("a deposit must be positive"));
}
