using System.Runtime.CompilerServices;

namespace EventFramework;

/// <summary>
/// A catch-up subscription: enumerate it with <c>await foreach</c> to get history and then live
/// events; cancel the token to stop. <see cref="Status"/> tells where it is and, on PostgreSQL,
/// which open transaction holds it back.
/// </summary>
public sealed class EventSubscription : IAsyncEnumerable<RecordedEvent>
{
    private readonly Func<EventSubscription, CancellationToken, IAsyncEnumerable<RecordedEvent>> _run;
    private SubscriptionStatus _status;

    internal EventSubscription(SubscriptionStatus initial, Func<EventSubscription, CancellationToken, IAsyncEnumerable<RecordedEvent>> run)
    {
        _status = initial;
        _run = run;
    }

    /// <summary>The latest status (safe to read from any thread).</summary>
    public SubscriptionStatus Status => Volatile.Read(ref _status);

    internal void Update(Func<SubscriptionStatus, SubscriptionStatus> change) => Volatile.Write(ref _status, change(Status));

    /// <inheritdoc />
    public IAsyncEnumerator<RecordedEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        Track(cancellationToken).GetAsyncEnumerator(cancellationToken);

    private async IAsyncEnumerable<RecordedEvent> Track([EnumeratorCancellation] CancellationToken ct)
    {
        Diagnostics.EventFrameworkMetrics.Register(this);
        try
        {
            await foreach (var e in _run(this, ct).WithCancellation(ct).ConfigureAwait(false))
                yield return e;
        }
        finally
        {
            Diagnostics.EventFrameworkMetrics.Unregister(this);
        }
    }
}
