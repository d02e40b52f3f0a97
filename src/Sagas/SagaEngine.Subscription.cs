using System.Threading.Channels;
using EventFramework.Sagas;

namespace EventFramework;

public sealed partial class SagaEngine<TState>
{
    /// <summary>
    /// Follows the global log from the stored checkpoint until <paramref name="ct"/> is cancelled:
    /// each batch of events moves the checkpoint (compare-and-set) in the transaction that applies
    /// it, so an event changes its saga exactly once, across crashes and a second instance.
    /// </summary>
    public async Task RunSubscription(IEventSubscriptions source, CancellationToken ct)
    {
        var backoff = _options.RetryDelay;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var checkpoint = await _store.LoadCheckpoint(CheckpointKey, ct).ConfigureAwait(false);
                Update(s => s with { Checkpoint = checkpoint });
                await Follow(source, checkpoint, ct).ConfigureAwait(false);
                // Another instance moved the checkpoint: reload it and go on from there.
            }
            catch (EventStoreUnavailableException ex) when (!ct.IsCancellationRequested)
            {
                Update(s => s with { LastError = ex.Message });
                await Task.Delay(backoff, ct).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task Follow(IEventSubscriptions source, LogPosition? checkpoint, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var subscription = source.SubscribeToAll(checkpoint ?? LogPosition.Start, _options.Subscription with { Name = $"saga {_saga.Name}" });
        var events = Channel.CreateBounded<RecordedEvent>(new BoundedChannelOptions(_options.BatchSize * 4) { SingleReader = true, SingleWriter = true });
        var pump = Pump(subscription, events.Writer, stop.Token);
        try
        {
            var batch = new List<RecordedEvent>(_options.BatchSize);
            while (await events.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _options.BatchSize && events.Reader.TryRead(out var e)) batch.Add(e);
                if (!await Apply(checkpoint, batch, stop.Token).ConfigureAwait(false)) return;
                checkpoint = batch[^1].Position;
                Update(s => s with { Checkpoint = checkpoint });
            }
            await pump.ConfigureAwait(false); // completed: surface its error, if any
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try { await pump.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>Applies one batch of log events with the checkpoint move; false when the checkpoint was not <paramref name="expected"/>.</summary>
    private async Task<bool> Apply(LogPosition? expected, List<RecordedEvent> events, CancellationToken ct)
    {
        var incoming = new List<(string SagaId, Guid MessageId, object Body)>();
        foreach (var e in events)
        {
            if (!_handledNames.Contains(e.EventType) && !_serializer.Registry.TryGetUpcaster(e.EventType, out _)) continue;
            var body = _serializer.Deserialize(e);
            if (Correlate(body) is { } sagaId) incoming.Add((sagaId, e.EventId, body));
        }

        var moved = true;
        await Transact(async (tx, t) =>
        {
            moved = await tx.MoveCheckpoint(CheckpointKey, expected, events[^1].Position, t).ConfigureAwait(false);
            if (!moved) return null;
            var batch = await Load(tx, incoming.Select(i => i.SagaId), t).ConfigureAwait(false);
            foreach (var (sagaId, messageId, body) in incoming) batch.Apply(sagaId, messageId, body, recordInbox: false);
            await Save(tx, batch, t).ConfigureAwait(false);
            return batch;
        }, ct).ConfigureAwait(false);
        return moved;
    }

    private static async Task Pump(EventSubscription subscription, ChannelWriter<RecordedEvent> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var e in subscription.WithCancellation(ct).ConfigureAwait(false))
                await writer.WriteAsync(e, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            writer.TryComplete(ex);
            return;
        }
        writer.TryComplete();
    }
}
