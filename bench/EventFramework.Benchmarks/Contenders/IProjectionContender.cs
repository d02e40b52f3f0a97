using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Workload;

namespace EventFramework.Benchmarks.Contenders;

/// <summary>An event store with a projection engine, seeded with the ledger and asked to rebuild the balances.</summary>
internal interface IProjectionContender : IContender, IAsyncDisposable
{
    /// <summary>The schema holding the contender's events and read model.</summary>
    string Schema { get; }

    /// <summary>Opens the contender's storage; <paramref name="fresh"/> drops and recreates it first, otherwise its data is kept.</summary>
    Task Open(bool fresh, CancellationToken ct = default);

    /// <summary>Appends the entries (each to its own account stream, at its exact version) in one database transaction.</summary>
    Task Append(IReadOnlyList<LedgerEntry> transaction, CancellationToken ct = default);

    /// <summary>
    /// Empties the read model and its progress, then builds it from the first event until it has
    /// applied <paramref name="events"/> of them (the whole log or, for a warm-up, a prefix where the
    /// engine allows). Returns how long that took, from the start of the reset.
    /// </summary>
    Task<CatchUpRun> CatchUp(long events, CancellationToken ct = default);

    /// <summary>The read model now: the sum of every balance and how many accounts hold one.</summary>
    Task<(decimal Total, long Accounts)> ReadModel(CancellationToken ct = default);
}
