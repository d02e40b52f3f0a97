namespace EventFramework;

/// <summary>
/// Which version of each projection readers are served, for rebuilds without downtime: a new
/// version builds beside the active one (its own checkpoint, its own tables) and is activated,
/// in one transaction with its <see cref="Projection{TContext}.Activate"/>, once caught up.
/// </summary>
public interface IProjectionVersions<TContext>
{
    /// <summary>The active version of <paramref name="name"/>, or null before any was activated.</summary>
    Task<int?> ActiveVersion(string name, CancellationToken ct = default);

    /// <summary>In one transaction: runs <paramref name="activate"/> and records <paramref name="version"/> as active.</summary>
    Task Activate(string name, int version, Func<TContext, CancellationToken, Task> activate, CancellationToken ct = default);
}
