namespace EventFramework.Conformance;

/// <summary>
/// What a backend gives the projection-sink conformance suite: a fresh sink per test class, and
/// a way to write and read one number per key in a read model through the sink's context, so
/// the suite can check that read-model writes and checkpoints commit or roll back together.
/// </summary>
public interface IProjectionSinkFixture<TContext>
{
    IProjectionSink<TContext> Sink { get; }

    /// <summary>Adds <paramref name="delta"/> to the number stored under <paramref name="key"/> (0 when missing), through the batch's context.</summary>
    Task Add(TContext context, string key, long delta, CancellationToken ct);

    /// <summary>The committed number under <paramref name="key"/>, or null.</summary>
    Task<long?> Read(string key);
}
