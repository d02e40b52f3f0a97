namespace EventFramework;

/// <summary>
/// A timeout a saga asked for: due <see cref="Delay"/> after the transaction that scheduled it
/// (the database's clock). One per (saga type, saga id, name): scheduling a name again replaces it.
/// <see cref="TimeoutId"/> is derived from the handled message, so a retried handler schedules the same one.
/// </summary>
public sealed record ScheduledTimeout(string SagaType, string SagaId, string Name, Guid TimeoutId, TimeSpan Delay, string Type, byte[] Payload);
