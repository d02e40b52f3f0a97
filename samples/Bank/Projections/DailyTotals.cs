using System.Globalization;
using EventFramework.Samples.Bank.Accounts;

namespace EventFramework.Samples.Bank.Projections;

/// <summary>Money in and out per day and currency (table <c>daily_totals</c>).</summary>
public sealed class DailyTotals<TContext> : Projection<TContext> where TContext : ISqlProjectionContext
{
    public const string CreateTable =
        "create table if not exists daily_totals (day text not null, currency text not null, in_cents bigint not null, out_cents bigint not null, " +
        "movements bigint not null, primary key (day, currency))";

    public DailyTotals() : base("daily-totals")
    {
        On<MoneyDeposited>((db, e, envelope, _) => Add(db, envelope, e.Currency, Money.Cents(e.Amount), 0));
        On<MoneyWithdrawn>((db, e, envelope, _) => Add(db, envelope, e.Currency, 0, Money.Cents(e.Amount)));
        On<TransferRefunded>((db, e, envelope, _) => Add(db, envelope, e.Currency, Money.Cents(e.Amount), 0));
    }

    private static Task<int> Add(TContext db, RecordedEvent envelope, string currency, long inCents, long outCents) => db.Execute(
        "insert into daily_totals (day, currency, in_cents, out_cents, movements) values ($1, $2, $3, $4, 1) on conflict (day, currency) do update " +
        "set in_cents = daily_totals.in_cents + excluded.in_cents, out_cents = daily_totals.out_cents + excluded.out_cents, movements = daily_totals.movements + 1",
        envelope.Created.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), currency, inCents, outCents);

    public override Task Clear(TContext context, CancellationToken ct) => context.Execute("delete from daily_totals");
}
