namespace EventFramework;

/// <summary>Names one timeout of one saga: the key timeouts are scheduled and cancelled by.</summary>
public sealed record TimeoutKey(string SagaType, string SagaId, string Name);
