namespace EventFramework;

/// <summary>Leases in process memory, for tests of the lease logic.</summary>
public sealed class InMemoryProjectionLease(TimeProvider? clock = null) : IProjectionLease
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LeaseGrant> _leases = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public Task<LeaseGrant?> TryAcquire(string key, string owner, TimeSpan duration, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            var current = _leases.GetValueOrDefault(key);
            if (current is not null && current.Owner != owner && current.ExpiresAt > now) return Task.FromResult<LeaseGrant?>(null);
            var token = current is null ? 1 : current.Owner == owner && current.ExpiresAt > now ? current.Token : current.Token + 1;
            var grant = new LeaseGrant(key, owner, token, now + duration);
            _leases[key] = grant;
            return Task.FromResult<LeaseGrant?>(grant);
        }
    }

    /// <inheritdoc />
    public Task Release(LeaseGrant grant, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_leases.TryGetValue(grant.Key, out var current) && current.Owner == grant.Owner && current.Token == grant.Token)
                _leases[grant.Key] = current with { ExpiresAt = DateTimeOffset.MinValue };
        }
        return Task.CompletedTask;
    }
}
