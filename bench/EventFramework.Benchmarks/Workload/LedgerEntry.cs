namespace EventFramework.Benchmarks.Workload;

/// <summary>
/// One event of the ledger workload: the <paramref name="Event"/> (an <see cref="AccountDeposited"/>
/// or <see cref="AccountWithdrawn"/>) at <paramref name="Version"/> (0-based) of the account's
/// stream, and what it does to the balance.
/// </summary>
internal sealed record LedgerEntry(string Stream, long Version, object Event, decimal Delta);
