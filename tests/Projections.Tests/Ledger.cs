namespace EventFramework.Projections.Tests;

[EventType("Deposited")] public sealed record Deposited(string Account, long Amount);
[EventType("Withdrawn")] public sealed record Withdrawn(string Account, long Amount);
[EventType("Audited")] public sealed record Audited(string Note);

/// <summary>Balances per account, and every applied event id, so a double apply is visible.</summary>
public sealed class Ledger : Projection<InMemoryDocuments>
{
    public sealed record Balance(long Amount, int Events);
    public sealed record Applied(int Times);

    /// <summary>Throws for events whose amount is in this set (a poison event), while it holds it.</summary>
    public HashSet<long> Poison { get; } = [];

    /// <summary>Fails this many times before succeeding (a transient failure).</summary>
    public int TransientFailures { get; set; }

    public Ledger() : base("ledger")
    {
        On<Deposited>((db, e, envelope, _) => Apply(db, e.Account, e.Amount, envelope));
        On<Withdrawn>((db, e, envelope, _) => Apply(db, e.Account, -e.Amount, envelope));
    }

    private Task Apply(InMemoryDocuments db, string account, long amount, RecordedEvent envelope)
    {
        if (Poison.Contains(Math.Abs(amount))) throw new InvalidOperationException($"cannot apply {amount}");
        if (TransientFailures > 0)
        {
            TransientFailures--;
            throw new TimeoutException("transient");
        }
        var balance = db.Get<Balance>(account) ?? new Balance(0, 0);
        db.Put(account, new Balance(balance.Amount + amount, balance.Events + 1));
        var key = $"applied:{envelope.EventId}";
        db.Put(key, new Applied((db.Get<Applied>(key)?.Times ?? 0) + 1));
        return Task.CompletedTask;
    }

    public static EventSerializer Serializer() => new(new TypeRegistry().Register<Deposited>().Register<Withdrawn>().Register<Audited>());
}
