using System.Threading.Channels;
using EventFramework.Diagnostics;

namespace EventFramework;

/// <summary>
/// Runs one projection (partition): subscribes to the global log from its stored checkpoint,
/// applies events in batches, and commits each batch with the checkpoint in one sink
/// transaction, guarded by a compare-and-set on the previous checkpoint, so an event is
/// applied exactly once even with a second instance or a crash mid-batch. Failing batches are
/// retried with back-off; an event that keeps failing is parked or stops the projection.
/// </summary>
public sealed partial class ProjectionRunner<TContext>
{
    private readonly IEventStore _store;
    private readonly IProjectionSink<TContext> _sink;
    private readonly Projection<TContext> _projection;
    private readonly EventSerializer _serializer;
    private readonly ProjectionOptions _options;
    private readonly HashSet<Type> _handledTypes;
    private readonly Dictionary<string, bool> _handlesName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Guid EventId, LogPosition Position)> _parkedStreams = new(StringComparer.Ordinal); // stream → its first parked event
    private ProjectionStatus _status;
    private static readonly TimeSpan IdleCheck = TimeSpan.FromMilliseconds(100);

    /// <summary>Creates a runner; nothing happens until <see cref="Run"/>.</summary>
    public ProjectionRunner(IEventStore store, IProjectionSink<TContext> sink, Projection<TContext> projection, EventSerializer serializer, ProjectionOptions? options = null)
    {
        _store = store;
        _sink = sink;
        _projection = projection;
        _serializer = serializer;
        _options = options ?? new ProjectionOptions();
        if (_options.Partitions < 1 || _options.Partition < 0 || _options.Partition >= _options.Partitions)
            throw new ArgumentOutOfRangeException(nameof(options), $"Partition {_options.Partition} of {_options.Partitions} does not exist.");
        _handledTypes = [.. projection.HandledTypes];
        CheckpointKey = CheckpointKeyOf(projection.Key, _options.Partition, _options.Partitions);
        _status = new ProjectionStatus { Name = projection.Name, Partition = _options.Partition };
        ProjectionMetrics.Track(this);
    }

    /// <summary>The key of this partition's checkpoint: the projection's key ("name@vN"), plus "/p-of-n" when split.</summary>
    public string CheckpointKey { get; }

    /// <summary>The projection this runner applies.</summary>
    public Projection<TContext> Projection => _projection;

    /// <summary>The latest status (safe to read from any thread).</summary>
    public ProjectionStatus Status => Volatile.Read(ref _status);

    /// <summary>The checkpoint key of partition <paramref name="partition"/> of <paramref name="partitions"/>.</summary>
    public static string CheckpointKeyOf(string projection, int partition, int partitions) =>
        partitions > 1 ? $"{projection}/{partition}-of-{partitions}" : projection;

    /// <summary>
    /// Catches up, then follows live events until <paramref name="ct"/> is cancelled. Throws
    /// <see cref="ProjectionStoppedException"/> when an event cannot be applied under
    /// <see cref="PoisonPolicy.Stop"/>.
    /// </summary>
    public async Task Run(CancellationToken ct)
    {
        try
        {
            var backoff = _options.RetryDelay;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var checkpoint = await _sink.LoadCheckpoint(CheckpointKey, ct).ConfigureAwait(false);
                    Update(s => s with { Checkpoint = checkpoint, State = ProjectionState.CatchingUp });
                    await RefreshParkedStreams(ct).ConfigureAwait(false);
                    if (await RunFrom(checkpoint, ct).ConfigureAwait(false)) return;
                    // Another instance moved the checkpoint: reload it and go on from there.
                }
                catch (Exception ex) when (_options.IsTransient(ex) && !ct.IsCancellationRequested)
                {
                    // The store or sink went away (reading, not applying): start again from the stored checkpoint.
                    Update(s => s with { Error = $"retrying after: {ex.Message}" });
                    await Task.Delay(backoff, ct).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Update(s => s with { State = ProjectionState.Stopped });
            throw;
        }
        catch (Exception ex)
        {
            Update(s => s with { State = ProjectionState.Faulted, Error = ex.Message });
            throw;
        }
    }

    /// <summary>Returns true when stopped by cancellation, false when the checkpoint moved under it.</summary>
    private async Task<bool> RunFrom(LogPosition? checkpoint, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var subscription = _store.SubscribeToAll(checkpoint ?? LogPosition.Start, _options.Subscription with { Name = $"projection {CheckpointKey}" });
        var events = Channel.CreateBounded<RecordedEvent>(new BoundedChannelOptions(_options.BatchSize * 4) { SingleReader = true, SingleWriter = true });
        var pump = Pump(subscription, events.Writer, stop.Token);
        try
        {
            var batch = new List<RecordedEvent>(_options.BatchSize);
            // Idle with nothing to apply and the subscription at the head: that is live too.
            void OnIdle()
            {
                if (subscription.Status.CaughtUp && events.Reader.Count == 0)
                    Update(s => s with { State = ProjectionState.Live, HeldBackBy = subscription.Status.HeldBackBy });
            }

            while (await NextBatch(events.Reader, batch, OnIdle, stop.Token).ConfigureAwait(false))
            {
                if (!await Process(checkpoint, batch, stop.Token).ConfigureAwait(false)) return false;
                checkpoint = batch[^1].Position;
                var caughtUp = subscription.Status.CaughtUp && events.Reader.Count == 0;
                Update(s => s with
                {
                    State = caughtUp ? ProjectionState.Live : ProjectionState.CatchingUp,
                    HeldBackBy = subscription.Status.HeldBackBy,
                });
            }
            return true;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try { await pump.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
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

    private async Task<bool> NextBatch(ChannelReader<RecordedEvent> reader, List<RecordedEvent> batch, System.Action onIdle, CancellationToken ct)
    {
        batch.Clear();
        while (!reader.TryPeek(out _))
        {
            var ready = reader.WaitToReadAsync(ct).AsTask();
            if (await Task.WhenAny(ready, Task.Delay(IdleCheck, ct)).ConfigureAwait(false) == ready)
            {
                if (!await ready.ConfigureAwait(false)) return false;
                break;
            }
            onIdle();
        }
        while (batch.Count < _options.BatchSize && reader.TryRead(out var e)) batch.Add(e);
        if (batch.Count < _options.BatchSize && _options.BatchDelay > TimeSpan.Zero)
        {
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(ct);
            delay.CancelAfter(_options.BatchDelay);
            try
            {
                while (batch.Count < _options.BatchSize && await reader.WaitToReadAsync(delay.Token).ConfigureAwait(false))
                    while (batch.Count < _options.BatchSize && reader.TryRead(out var e)) batch.Add(e);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
        }
        return true;
    }

    private void Update(Func<ProjectionStatus, ProjectionStatus> change) => Volatile.Write(ref _status, change(Status));
}
