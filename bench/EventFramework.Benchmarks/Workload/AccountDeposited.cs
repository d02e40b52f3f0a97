namespace EventFramework.Benchmarks.Workload;

/// <summary>
/// The event every contender stores: about 150 bytes of camelCase JSON. Its shape is the
/// benchmark's storage format; change it and seeded read data is rebuilt (see <see cref="ShapeVersion"/>).
/// </summary>
[EventType(TypeName)]
public sealed record AccountDeposited(Guid AccountId, long DepositNo, decimal Amount, string Currency, DateTime At, string Note)
{
    public const string TypeName = "account-deposited";

    /// <summary>Bump when the record or its generator changes, so stale seeded data is not reused.</summary>
    public const string ShapeVersion = "account-deposited/1";
}
