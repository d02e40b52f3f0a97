namespace EventFramework.Sqlite.Tests.Projections;

/// <summary>
/// Account balances in the events' own SQLite file. Every application of an event is counted in
/// applied_events, so applying one twice shows up as a count of 2 rather than as an error.
/// </summary>
internal sealed class Balances : Projection<SqliteProjectionContext>
{
    public const string Tables = """
        CREATE TABLE balances (account TEXT NOT NULL PRIMARY KEY, amount INTEGER NOT NULL) STRICT;
        CREATE TABLE applied_events (event_id TEXT NOT NULL PRIMARY KEY, times INTEGER NOT NULL) STRICT;
        """;

    /// <param name="fails">Accounts whose events the handlers cannot apply (a bug not yet fixed).</param>
    public Balances(Func<string, bool>? fails = null) : base("balances")
    {
        fails ??= _ => false;
        On<Deposited>((db, e, envelope, _) => Apply(db, envelope, e.Account, e.Amount, fails));
        On<Withdrawn>((db, e, envelope, _) => Apply(db, envelope, e.Account, -e.Amount, fails));
    }

    private static async Task Apply(SqliteProjectionContext db, RecordedEvent envelope, string account, long delta, Func<string, bool> fails)
    {
        await db.Execute("INSERT INTO applied_events (event_id, times) VALUES ($1, 1) ON CONFLICT (event_id) DO UPDATE SET times = times + 1", envelope.EventId.ToString());
        if (fails(account)) throw new InvalidOperationException($"cannot apply events of {account}");
        await db.Execute("INSERT INTO balances (account, amount) VALUES ($1, $2) ON CONFLICT (account) DO UPDATE SET amount = amount + excluded.amount", account, delta);
    }
}
