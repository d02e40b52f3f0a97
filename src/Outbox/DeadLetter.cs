namespace EventFramework;

/// <summary>A message the relay gave up on, with why and when; kept for inspection and replay.</summary>
public sealed record DeadLetter(string Relay, StoredOutboxMessage Message, string Reason, DateTimeOffset At);
