namespace EventFramework;

/// <summary>A message the broker will never accept (too large, rejected): it goes to the dead letters with the reason.</summary>
public sealed record PublishFailure(Guid MessageId, string Reason);
