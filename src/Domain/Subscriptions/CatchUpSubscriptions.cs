using System.Runtime.CompilerServices;

namespace EventFramework.Subscriptions;

/// <summary>
/// The catch-up loops every backend shares: read pages until empty, then wait for a wake-up
/// hint or the poll interval. Backends supply only their readers and their <see cref="ChangeSignal"/>.
/// </summary>
public static class CatchUpSubscriptions
{
    /// <summary>Follows the global log after <paramref name="after"/>.</summary>
    public static EventSubscription All(IAllEventsReader reader, ChangeSignal signal, LogPosition after, SubscriptionOptions? options = null)
    {
        var o = options ?? new SubscriptionOptions();
        return new EventSubscription(new SubscriptionStatus { Name = o.Name, Position = after }, (s, ct) => RunAll(s, reader, signal, after, o, ct));
    }

    /// <summary>Follows one stream from <paramref name="from"/> (inclusive).</summary>
    public static EventSubscription Stream(IEventReader reader, ChangeSignal signal, StreamName stream, long from, SubscriptionOptions? options = null)
    {
        var o = options ?? new SubscriptionOptions();
        return new EventSubscription(new SubscriptionStatus { Name = o.Name, StreamPosition = from - 1 }, (s, ct) => RunStream(s, reader, signal, stream, from, o, ct));
    }

    private static async IAsyncEnumerable<RecordedEvent> RunAll(EventSubscription sub, IAllEventsReader reader, ChangeSignal signal, LogPosition after, SubscriptionOptions o, [EnumeratorCancellation] CancellationToken ct)
    {
        var position = after;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var change = signal.NextChange;
            var page = await reader.ReadAll(position, o.PageSize, ct).ConfigureAwait(false);
            foreach (var e in page)
            {
                position = e.Position;
                sub.Update(s => s with { Position = e.Position, Delivered = s.Delivered + 1, HeldBackBy = null, HeldBackSince = null });
                yield return e;
            }
            if (page.Count == o.PageSize) continue;

            var holder = reader is IReadAllFence fence ? await fence.FindFenceHolder(position, ct).ConfigureAwait(false) : null;
            sub.Update(s => s with
            {
                CaughtUp = true,
                HeldBackBy = holder,
                HeldBackSince = holder is null ? null : s.HeldBackSince ?? DateTimeOffset.UtcNow,
            });
            await ChangeSignal.WaitAsync(change, holder is null ? o.PollInterval : o.HeldBackPollInterval, ct).ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<RecordedEvent> RunStream(EventSubscription sub, IEventReader reader, ChangeSignal signal, StreamName stream, long from, SubscriptionOptions o, [EnumeratorCancellation] CancellationToken ct)
    {
        var next = from;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var change = signal.NextChange;
            var page = await reader.ReadStream(stream, next, o.PageSize, ReadDirection.Forward, ct).ConfigureAwait(false);
            foreach (var e in page)
            {
                next = e.StreamPosition + 1;
                sub.Update(s => s with { StreamPosition = e.StreamPosition, Position = e.Position, Delivered = s.Delivered + 1 });
                yield return e;
            }
            if (page.Count == o.PageSize) continue;
            sub.Update(s => s with { CaughtUp = true });
            await ChangeSignal.WaitAsync(change, o.PollInterval, ct).ConfigureAwait(false);
        }
    }
}
