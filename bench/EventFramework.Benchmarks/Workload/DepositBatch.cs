namespace EventFramework.Benchmarks.Workload;

/// <summary>The events of one append transaction and the correlation id they share.</summary>
internal sealed record DepositBatch(IReadOnlyList<AccountDeposited> Events, string CorrelationId);
