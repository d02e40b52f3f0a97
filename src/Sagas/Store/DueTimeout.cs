namespace EventFramework;

/// <summary>A stored timeout whose time has come, claimed by the transaction that handles it.</summary>
public sealed record DueTimeout(string SagaType, string SagaId, string Name, Guid TimeoutId, DateTimeOffset DueAt, string Type, byte[] Payload);
