namespace EventFramework;

/// <summary>One handled message in a saga's history: the version it produced and the status after it.</summary>
public sealed record SagaHistoryEntry(string SagaType, string SagaId, long Version, string MessageType, Guid MessageId, SagaStatus Status, DateTimeOffset At);
