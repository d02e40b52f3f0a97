using FluentValidation;

namespace EventFramework.Domain.Tests.Commands;

// A small account model used by the command service tests, in both styles.

[EventType("AccountOpened")] public sealed record AccountOpened(string AccountId, string Owner);
[EventType("MoneyDeposited")] public sealed record MoneyDeposited(string AccountId, decimal Amount);
[EventType("MoneyWithdrawn")] public sealed record MoneyWithdrawn(string AccountId, decimal Amount);

public sealed record OpenAccount(string AccountId, string Owner);
public sealed record Deposit(string AccountId, decimal Amount);
public sealed record Withdraw(string AccountId, decimal Amount);

public sealed record AccountState : State<AccountState>
{
    public string? Owner { get; init; }
    public decimal Balance { get; init; }

    public AccountState()
    {
        On<AccountOpened>((s, e) => s with { Owner = e.Owner });
        On<MoneyDeposited>((s, e) => s with { Balance = s.Balance + e.Amount });
        On<MoneyWithdrawn>((s, e) => s with { Balance = s.Balance - e.Amount });
    }
}

public sealed class Account : Aggregate<AccountState>
{
    public void Open(string id, string owner)
    {
        EnsureDoesNotExist("the account is already open");
        Apply(new AccountOpened(id, owner));
    }

    public void Withdraw(string id, decimal amount)
    {
        EnsureExists("no such account");
        if (State.Balance < amount) throw new DomainException("insufficient funds");
        Apply(new MoneyWithdrawn(id, amount));
    }
}

public sealed class DepositValidator : AbstractValidator<Deposit>
{
    public DepositValidator()
    {
        RuleFor(d => d.AccountId).NotEmpty();
        RuleFor(d => d.Amount).GreaterThan(0).PrecisionScale(18, 2, ignoreTrailingZeros: true);
    }
}

public static class Accounts
{
    public static StreamName Stream(string id) => StreamName.For<Account>(id);

    public static EventSerializer Serializer() => new(new TypeRegistry().RegisterAll(typeof(Accounts).Assembly));

    /// <summary>The decider style: pure functions from state and command to events.</summary>
    public static CommandService<AccountState> Decider(IEventStore store, CommandServiceOptions? options = null) =>
        AggregateCommands.For<AccountState>(store, Serializer(), options)
            .On<OpenAccount>(c => Stream(c.AccountId), (_, c) => [new AccountOpened(c.AccountId, c.Owner)], new CommandPolicy { Expect = StreamExpectation.New })
            .On<Deposit>(c => Stream(c.AccountId), (_, c) => [new MoneyDeposited(c.AccountId, c.Amount)], new CommandPolicy { Expect = StreamExpectation.Existing }, new DepositValidator())
            .On<Withdraw>(c => Stream(c.AccountId), (s, c) => s.Balance >= c.Amount ? [new MoneyWithdrawn(c.AccountId, c.Amount)] : throw new DomainException("insufficient funds"),
                new CommandPolicy { Expect = StreamExpectation.Existing });
}
