namespace EventFramework.Benchmarks.Workload;

/// <summary>
/// Money taken out of an account: the `projections` suite's second event, the same shape as
/// <see cref="AccountDeposited"/>. Part of the seeded storage format (see <see cref="LedgerWorkload.ShapeVersion"/>).
/// </summary>
[EventType(TypeName)]
public sealed record AccountWithdrawn(Guid AccountId, long WithdrawalNo, decimal Amount, string Currency, DateTime At, string Note)
{
    public const string TypeName = "account-withdrawn";
}
