namespace EventFramework.Postgres.Tests.Projections;

/// <summary>Money paid into an account (storage name "Deposited").</summary>
public sealed record Deposited(string Account, long Amount);

/// <summary>Money taken out of an account (storage name "Withdrawn").</summary>
public sealed record Withdrawn(string Account, long Amount);

/// <summary>
/// Account balances, plus one <c>applied</c> row per event applied, keyed by the event id: a
/// second application of an event fails its batch instead of counting twice. Each row names the
/// instance that applied it.
/// </summary>
public sealed class Balances : Projection<PostgresProjectionContext>
{
    public Balances(string instance) : base("balances")
    {
        On<Deposited>((db, e, envelope, _) => Apply(db, instance, envelope.EventId, e.Account, e.Amount));
        On<Withdrawn>((db, e, envelope, _) => Apply(db, instance, envelope.EventId, e.Account, -e.Amount));
    }

    /// <summary>The read model's tables, in the connection's search path.</summary>
    public const string Tables = """
        create table balances (account text primary key, balance bigint not null);
        create table applied (event_id uuid primary key, instance text not null);
        """;

    private static async Task Apply(PostgresProjectionContext db, string instance, Guid eventId, string account, long delta)
    {
        await db.Execute("insert into applied (event_id, instance) values ($1, $2)", eventId, instance);
        await db.Execute("""
            insert into balances as b (account, balance) values ($1, $2)
            on conflict (account) do update set balance = b.balance + excluded.balance
            """, account, delta);
    }
}
