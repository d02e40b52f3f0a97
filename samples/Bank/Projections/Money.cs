namespace EventFramework.Samples.Bank.Projections;

/// <summary>Read models keep money as integer cents: exact, and the same type on SQLite and PostgreSQL.</summary>
internal static class Money
{
    public static long Cents(decimal amount) => decimal.ToInt64(decimal.Round(amount * 100m));

    public static decimal FromCents(long cents) => cents / 100m;
}
