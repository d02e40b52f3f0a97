using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Workload;

namespace EventFramework.Benchmarks.Contenders;

/// <summary>An event store under test, driven the same way whatever sits behind it.</summary>
internal interface IStoreContender : IContender, IAsyncDisposable
{
    /// <summary>Opens the contender's storage; <paramref name="fresh"/> drops and recreates it first, otherwise its data is kept.</summary>
    Task Open(bool fresh, CancellationToken ct = default);

    /// <summary>
    /// Appends one transaction to <paramref name="stream"/>, which already holds
    /// <paramref name="eventsInStream"/> events (0: the stream is new), with an optimistic version check.
    /// </summary>
    Task Append(string stream, long eventsInStream, DepositBatch batch, CancellationToken ct = default);

    /// <summary>
    /// Reads the whole log from the start in global order, <paramref name="pageSize"/> events a query,
    /// deserializing every payload into <see cref="AccountDeposited"/>; stops once <paramref name="limit"/>
    /// events are read. Returns how many were read.
    /// </summary>
    Task<long> ReadAll(int pageSize, long limit = long.MaxValue, CancellationToken ct = default);
}
