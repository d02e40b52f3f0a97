namespace EventFramework;

/// <summary>An outbox message with its position in the outbox's commit order.</summary>
public sealed record StoredOutboxMessage(OutboxMessage Message, LogPosition Position);
