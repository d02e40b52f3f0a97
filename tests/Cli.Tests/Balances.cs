namespace EventFramework.Cli.Tests;

/// <summary>Balances per account. It cannot clear itself (no reset), and throws on the amounts in <see cref="Poison"/>.</summary>
public sealed class Balances : Projection<InMemoryDocuments>
{
    public sealed record Balance(long Amount);

    public HashSet<long> Poison { get; } = [];

    public Balances() : base("balances") =>
        On<Deposited>((db, e, _) =>
        {
            if (Poison.Contains(e.Amount)) throw new InvalidOperationException($"cannot apply a deposit of {e.Amount}");
            db.Put(e.Account, new Balance((db.Get<Balance>(e.Account)?.Amount ?? 0) + e.Amount));
            return Task.CompletedTask;
        });
}
