namespace EventFramework;

/// <summary>Lease timing for <see cref="LeasedWork"/>: projection runners and outbox relays.</summary>
public sealed record LeaseOptions
{
    /// <summary>This instance's name (host and process id by default).</summary>
    public string Owner { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>How long a lease lasts without renewal: the longest a standby waits after the holder dies.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the holder renews and a standby tries to take over.</summary>
    public TimeSpan RenewEvery { get; init; } = TimeSpan.FromSeconds(2);
}
