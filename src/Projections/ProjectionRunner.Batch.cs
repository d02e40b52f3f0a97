using Polly;
using Polly.Retry;

namespace EventFramework;

public sealed partial class ProjectionRunner<TContext>
{
    private enum Action { Apply, Skip, ParkBehind }

    private readonly record struct Item(RecordedEvent Event, Action Action, Guid? BlockedBy = null);

    private enum Outcome { Committed, Conflict, Poisoned }

    /// <summary>A handler (or the deserializer) failed on this event; unlike a sink failure, retrying may not help.</summary>
    private sealed class HandlerFailure(RecordedEvent e, Exception inner) : Exception(inner.Message, inner)
    {
        public RecordedEvent Event { get; } = e;
    }

    private ResiliencePipeline? _handlerRetry;

    private ResiliencePipeline HandlerRetry => _handlerRetry ??= new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(0, _options.MaxAttempts - 1),
            Delay = _options.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<HandlerFailure>(),
        })
        .Build();

    /// <summary>Applies a batch; false when another instance moved the checkpoint first.</summary>
    private async Task<bool> Process(LogPosition? checkpoint, List<RecordedEvent> batch, CancellationToken ct)
    {
        if (_parkedStreams.Count > 0 && batch.Any(e => _parkedStreams.ContainsKey(e.Stream.Value)))
            await RefreshParkedStreams(ct).ConfigureAwait(false); // a replay elsewhere may have cleared them
        var items = batch.Select(Plan).ToList();

        var (outcome, failure) = await Commit(checkpoint, items, ct).ConfigureAwait(false);
        if (outcome != Outcome.Poisoned) return outcome == Outcome.Committed;

        // The batch keeps failing: commit event by event to find the poison and deal with it alone.
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] = Plan(items[i].Event); // earlier parks in this loop may block this stream now
            (outcome, failure) = await Commit(checkpoint, [item], ct).ConfigureAwait(false);
            if (outcome == Outcome.Conflict) return false;
            if (outcome == Outcome.Poisoned)
            {
                if (_options.OnPoison == PoisonPolicy.Stop) throw new ProjectionStoppedException(_projection.Name, item.Event, failure!.InnerException ?? failure);
                if (!await Park(checkpoint, item.Event, failure!, ct).ConfigureAwait(false)) return false;
            }
            checkpoint = item.Event.Position;
        }
        return true;
    }

    private Item Plan(RecordedEvent e)
    {
        if (_options.Partitions > 1 && StreamPartitioner.PartitionOf(e.Stream.Value, _options.Partitions) != _options.Partition) return new(e, Action.Skip);
        if (!Handles(e.EventType)) return new(e, Action.Skip);
        return _parkedStreams.TryGetValue(e.Stream.Value, out var blocker) && e.Position > blocker.Position
            ? new(e, Action.ParkBehind, blocker.EventId)
            : new(e, Action.Apply);
    }

    private async Task<(Outcome, HandlerFailure?)> Commit(LogPosition? checkpoint, IReadOnlyList<Item> items, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var parked = items.Where(i => i.Action == Action.ParkBehind)
            .Select(i => ToParked(i.Event, $"parked behind {i.BlockedBy} in the same stream", now, i.BlockedBy))
            .ToList();
        try
        {
            var committed = await HandlerRetry.ExecuteAsync(
                async token => await SinkRetry.ExecuteAsync(
                    async t => await _sink.Commit(CheckpointKey, checkpoint, items[^1].Event.Position, parked, (ctx, c) => ApplyAll(ctx, items, c), t).ConfigureAwait(false),
                    token).ConfigureAwait(false),
                ct).ConfigureAwait(false);
            if (!committed) return (Outcome.Conflict, null);
        }
        catch (HandlerFailure failure)
        {
            return (Outcome.Poisoned, failure);
        }

        var applied = items.Count(i => i.Action == Action.Apply);
        ProjectionMetrics.Applied.Add(applied, new KeyValuePair<string, object?>("projection", _projection.Name));
        if (parked.Count > 0) ProjectionMetrics.Parked.Add(parked.Count, new KeyValuePair<string, object?>("projection", _projection.Name));
        Update(s => s with
        {
            Checkpoint = items[^1].Event.Position,
            Applied = s.Applied + applied,
            Parked = s.Parked + parked.Count,
            LastEventCreated = items[^1].Event.Created,
            Error = null,
        });
        return (Outcome.Committed, null);
    }

    private async Task ApplyAll(TContext context, IReadOnlyList<Item> items, CancellationToken ct)
    {
        RecordedEvent? last = null;
        try
        {
            foreach (var item in items)
            {
                if (item.Action != Action.Apply) continue;
                last = item.Event;
                await _projection.Apply(context, _serializer.Deserialize(item.Event), item.Event, ct).ConfigureAwait(false);
            }
            if (context is IDeferredWrites deferred && last is not null) await deferred.FlushWrites(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (last is not null && (ex is not OperationCanceledException || !ct.IsCancellationRequested) && !_options.IsTransient(ex))
        {
            // A queued write fails at the flush: it is charged to the batch's last event, and the
            // one-by-one pass that follows finds the event really at fault.
            throw new HandlerFailure(last, ex);
        }
    }

    private async Task<bool> Park(LogPosition? checkpoint, RecordedEvent e, HandlerFailure failure, CancellationToken ct)
    {
        var parked = ToParked(e, (failure.InnerException ?? failure).ToString(), DateTimeOffset.UtcNow, null);
        var committed = await SinkRetry.ExecuteAsync(
            async t => await _sink.Commit(CheckpointKey, checkpoint, e.Position, [parked], (_, _) => Task.CompletedTask, t).ConfigureAwait(false),
            ct).ConfigureAwait(false);
        if (!committed) return false;
        _parkedStreams.TryAdd(e.Stream.Value, (e.EventId, e.Position));
        ProjectionMetrics.Parked.Add(1, new KeyValuePair<string, object?>("projection", _projection.Name));
        Update(s => s with { Checkpoint = e.Position, Parked = s.Parked + 1, LastEventCreated = e.Created });
        return true;
    }

    private ParkedEvent ToParked(RecordedEvent e, string error, DateTimeOffset now, Guid? blockedBy) =>
        new(_projection.Key, e.EventId, e.Stream.Value, e.StreamPosition, e.Position, e.EventType, error, now, blockedBy);

    private async Task RefreshParkedStreams(CancellationToken ct)
    {
        _parkedStreams.Clear();
        foreach (var p in (await _sink.LoadParked(_projection.Key, ct).ConfigureAwait(false)).OrderBy(p => p.Position))
            _parkedStreams.TryAdd(p.Stream, (p.EventId, p.Position));
    }

    /// <summary>
    /// True when a stored type name (after upcasting) maps to a type this projection handles, or
    /// maps to no registered type at all and unknown types are to be parked (deserializing it then
    /// fails with <see cref="UnknownEventTypeException"/>, which parks it).
    /// </summary>
    private bool Handles(string typeName)
    {
        if (_handlesName.TryGetValue(typeName, out var handles)) return handles;
        var name = typeName;
        for (var i = 0; i < 32 && _serializer.Registry.TryGetUpcaster(name, out var upcaster); i++) name = upcaster.ToType;
        handles = _serializer.Registry.TryGetType(name, out var type)
            ? _handledTypes.Contains(type)
            : _options.OnUnknownType == UnknownEventTypes.Park;
        return _handlesName[typeName] = handles;
    }
}
