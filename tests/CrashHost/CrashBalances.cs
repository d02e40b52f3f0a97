using EventFramework.Postgres;

namespace EventFramework.CrashHost;

/// <summary>Deposited into an account: the event the crash tests project.</summary>
[EventType("CrashDeposited")]
public sealed record CrashDeposited(string Account, long Amount);

/// <summary>
/// Balances per account, plus how many times each event was applied: a double apply shows up as
/// times > 1 instead of being absorbed.
/// </summary>
public sealed class CrashBalances : Projection<PostgresProjectionContext>
{
    /// <summary>The read model's tables (created by the test before the first run).</summary>
    public const string Schema = """
        create table if not exists crash_balances (account text primary key, amount bigint not null);
        create table if not exists crash_applied (event_id uuid primary key, times int not null);
        """;

    public CrashBalances() : base("crash-balances") =>
        On<CrashDeposited>((db, e, envelope, ct) =>
        {
            db.Defer("insert into crash_balances (account, amount) values ($1, $2) on conflict (account) do update set amount = crash_balances.amount + excluded.amount", e.Account, e.Amount);
            db.Defer("insert into crash_applied (event_id, times) values ($1, 1) on conflict (event_id) do update set times = crash_applied.times + 1", envelope.EventId);
            return Task.CompletedTask;
        });

    public static EventSerializer Serializer() => new(new TypeRegistry().Register<CrashDeposited>());
}
