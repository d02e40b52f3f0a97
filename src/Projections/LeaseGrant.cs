namespace EventFramework;

/// <summary>A held lease: its key, owner, fencing token (grows at each change of owner) and expiry.</summary>
public sealed record LeaseGrant(string Key, string Owner, long Token, DateTimeOffset ExpiresAt);
