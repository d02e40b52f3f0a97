namespace EventFramework;

/// <summary>Names one saga: its type and id.</summary>
public sealed record SagaKey(string SagaType, string SagaId);
