using System.Text.Json;

namespace EventFramework.Sagas;

/// <summary>
/// One transaction's worth of work for one saga type: the loaded sagas, the messages applied to
/// them in order, and the resulting <see cref="SagaChanges"/>. Pure: no I/O, so a batch that lost
/// a race is simply built again from freshly loaded state.
/// </summary>
internal sealed class SagaBatch<TState> where TState : class, new()
{
    private readonly Saga<TState> _saga;
    private readonly EventSerializer _serializer;
    private readonly IReadOnlyDictionary<string, SagaRecord> _loaded;
    private readonly Dictionary<string, WorkingSaga> _working = new(StringComparer.Ordinal);
    private readonly List<OutboxMessage> _outbox = [];
    private readonly List<SagaHistoryEntry> _history = [];
    private readonly List<InboxEntry> _inbox = [];
    private readonly List<Guid> _fired = [];

    public SagaBatch(Saga<TState> saga, EventSerializer serializer, IReadOnlyDictionary<string, SagaRecord> loaded)
    {
        _saga = saga;
        _serializer = serializer;
        _loaded = loaded;
    }

    public int Applied { get; private set; }
    public int Dropped { get; private set; }
    public int Ended { get; private set; }

    /// <summary>Applies a message to its saga; false when it was dropped (no saga to handle it, or it has ended).</summary>
    public bool Apply(string sagaId, Guid messageId, object message, bool recordInbox)
    {
        if (!_saga.TryGetHandler(message.GetType(), out var handler)) return Drop();
        var saga = Find(sagaId, create: handler.Starts);
        if (saga is null || saga.Status != SagaStatus.Running) return Drop();
        Run(saga, messageId, message, ctx => handler.Handle(ctx, message));
        if (recordInbox) _inbox.Add(new InboxEntry(_saga.Name, sagaId, messageId));
        return true;
    }

    /// <summary>Applies a claimed timeout; it is deleted whether it was handled or dropped.</summary>
    public bool ApplyTimeout(DueTimeout timeout)
    {
        _fired.Add(timeout.TimeoutId);
        if (!_serializer.Registry.TryGetType(timeout.Type, out var type) || !_saga.TryGetTimeoutHandler(type, out var handler)) return Drop();
        var saga = Find(timeout.SagaId, create: false);
        if (saga is null || saga.Status != SagaStatus.Running) return Drop();
        // A timeout replaced or cancelled in this same batch has moved on.
        if (saga.Timeouts.TryGetValue(timeout.Name, out var changed) && changed?.TimeoutId != timeout.TimeoutId) return Drop();
        var body = JsonSerializer.Deserialize(timeout.Payload, type, _serializer.Options)
            ?? throw new JsonException($"Timeout {timeout.TimeoutId} of saga '{timeout.SagaId}' has a null payload.");
        saga.Timeouts.Remove(timeout.Name);
        Run(saga, timeout.TimeoutId, body, ctx => handler(ctx, body));
        return true;
    }

    /// <summary>Everything to write, or an empty change set when every message was dropped.</summary>
    public SagaChanges ToChanges()
    {
        var writes = new List<SagaWrite>();
        var schedule = new List<ScheduledTimeout>();
        var cancel = new List<TimeoutKey>();
        var finished = new List<SagaKey>();
        foreach (var saga in _working.Values.Where(s => s.Changed))
        {
            writes.Add(new SagaWrite(saga.ToRecord(_saga.Name, _serializer.Options), saga.LoadedVersion));
            if (saga.Status != SagaStatus.Running)
            {
                finished.Add(new SagaKey(_saga.Name, saga.Id));
                continue;
            }
            foreach (var (name, timeout) in saga.Timeouts)
            {
                if (timeout is null) cancel.Add(new TimeoutKey(_saga.Name, saga.Id, name));
                else schedule.Add(timeout);
            }
        }
        return new SagaChanges
        {
            Sagas = writes,
            Outbox = _outbox,
            Schedule = schedule,
            Cancel = cancel,
            Finished = finished,
            Fired = _fired,
            Inbox = _inbox,
            History = _history,
        };
    }

    private bool Drop()
    {
        Dropped++;
        return false;
    }

    private WorkingSaga? Find(string sagaId, bool create)
    {
        if (_working.TryGetValue(sagaId, out var saga)) return saga;
        if (_loaded.TryGetValue(sagaId, out var record)) saga = WorkingSaga.From(record, _serializer.Options);
        else if (create) saga = new WorkingSaga(sagaId, new TState(), 0, SagaStatus.Running, null, [], null);
        else return null;
        _working.Add(sagaId, saga);
        return saga;
    }

    private void Run(WorkingSaga saga, Guid messageId, object message, Action<SagaContext<TState>> handle)
    {
        var before = JsonSerializer.SerializeToUtf8Bytes(saga.State, _serializer.Options);
        var outbox = new List<OutboxMessage>();
        var index = 0;
        OutboxMessage Outgoing(SagaOutgoing o) => ToOutbox(o.Destination, o.Key, Serialize(o.Message), SagaMessageId.For(messageId, _saga.Name, saga.Id, index++), saga.Id);

        (SagaStatus Status, string? Reason)? ending;
        try
        {
            var ctx = new SagaContext<TState>(saga.Id, saga.State, saga.Version == 0);
            handle(ctx);
            outbox.AddRange(ctx.Sent.Select(Outgoing));
            foreach (var compensation in ctx.Compensations)
            {
                var (type, payload) = Serialize(compensation.Message);
                saga.Compensations.Add(new StoredCompensation(compensation.Destination, compensation.Key, type, payload));
            }
            foreach (var (name, timeout, delay) in ctx.TimeoutChanges)
            {
                saga.Timeouts[name] = timeout is null ? null : Schedule(saga.Id, name, delay, Serialize(timeout), SagaMessageId.For(messageId, _saga.Name, saga.Id, index++));
            }
            ending = ctx.Ending;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A handler is a pure decision: retrying it gives the same error. The saga fails with the
            // reason, from the state it had before this message, and its compensations are sent.
            saga.State = JsonSerializer.Deserialize<TState>(before, _serializer.Options)!;
            outbox.Clear();
            ending = (SagaStatus.Failed, $"{message.GetType().Name} failed: {ex.GetType().Name}: {ex.Message}");
        }

        if (ending is { } end)
        {
            if (end.Status != SagaStatus.Completed)
                for (var i = saga.Compensations.Count - 1; i >= 0; i--)
                {
                    var c = saga.Compensations[i];
                    outbox.Add(ToOutbox(c.Destination, c.Key, (c.Type, c.Payload), SagaMessageId.For(messageId, _saga.Name, saga.Id, index++), saga.Id));
                }
            saga.Compensations.Clear();
            saga.Timeouts.Clear();
            saga.Status = end.Status;
            saga.Reason = end.Reason;
            Ended++;
        }

        _outbox.AddRange(outbox);
        saga.Version++;
        saga.Changed = true;
        Applied++;
        _history.Add(new SagaHistoryEntry(_saga.Name, saga.Id, saga.Version, TypeName(message), messageId, saga.Status, DateTimeOffset.UtcNow));
    }

    private string TypeName(object message)
    {
        try
        {
            return _serializer.Registry.NameOf(message.GetType());
        }
        catch (UnregisteredEventTypeException)
        {
            return message.GetType().Name;
        }
    }

    private (string Type, byte[] Payload) Serialize(object message) =>
        (_serializer.Registry.NameOf(message.GetType()), JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), _serializer.Options));

    private ScheduledTimeout Schedule(string sagaId, string name, TimeSpan delay, (string Type, byte[] Payload) body, Guid id) =>
        new(_saga.Name, sagaId, name, id, delay, body.Type, body.Payload);

    private OutboxMessage ToOutbox(string destination, string key, (string Type, byte[] Payload) body, Guid id, string sagaId) =>
        new(id, destination, key, body.Type, body.Payload, new Dictionary<string, string> { ["saga-type"] = _saga.Name, ["saga-id"] = sagaId });

    private sealed class WorkingSaga(string id, TState state, long version, SagaStatus status, string? reason, List<StoredCompensation> compensations, DateTimeOffset? created)
    {
        public string Id { get; } = id;
        public TState State { get; set; } = state;
        public long LoadedVersion { get; } = version;
        public long Version { get; set; } = version;
        public SagaStatus Status { get; set; } = status;
        public string? Reason { get; set; } = reason;
        public List<StoredCompensation> Compensations { get; } = compensations;
        public Dictionary<string, ScheduledTimeout?> Timeouts { get; } = new(StringComparer.Ordinal);
        public bool Changed { get; set; }

        public static WorkingSaga From(SagaRecord record, JsonSerializerOptions options) => new(
            record.SagaId,
            JsonSerializer.Deserialize<TState>(record.State, options) ?? new TState(),
            record.Version,
            record.Status,
            record.Reason,
            JsonSerializer.Deserialize<List<StoredCompensation>>(record.Compensations, options) ?? [],
            record.Created);

        public SagaRecord ToRecord(string sagaType, JsonSerializerOptions options)
        {
            var now = DateTimeOffset.UtcNow;
            return new SagaRecord(sagaType, Id, Version, Status, Reason,
                JsonSerializer.Serialize(State, options), JsonSerializer.Serialize(Compensations, options), created ?? now, now);
        }
    }
}
