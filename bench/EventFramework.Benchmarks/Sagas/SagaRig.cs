namespace EventFramework.Benchmarks.Sagas;

/// <summary>One backend's saga set-up: the log, the saga store and its queries, the outbox, and how to clean up.</summary>
internal sealed record SagaRig(string Backend, IEventStore Log, ISagaStore Sagas, ISagaQueries Queries, IOutboxStore Outbox, ChangeSignal? WakeUps, Func<ValueTask> Dispose);
