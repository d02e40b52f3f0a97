using System.Text.Json;
using EventFramework.Postgres;
using Npgsql;
using Polly;
using Polly.Retry;
using static EventFramework.Postgres.PostgresErrors;

namespace EventFramework;

/// <summary>
/// Publishes the PostgreSQL outbox through logical replication instead of polling: a replication
/// slot (pgoutput) and a publication on {schema}.outbox, both created on first start, stream each
/// committed transaction's messages in commit order. Batches go to the <see cref="IProducer"/>; the
/// slot is confirmed only up to the end of the last transaction the broker acknowledged in full, so
/// a crash or restart republishes at most the unconfirmed tail (at-least-once; consumers deduplicate
/// by message id). Permanent failures go to {schema}.outbox_dead_letters. While the broker or the
/// database is down it retries with back-off. A slot that is dropped or invalidated stops it with a
/// <see cref="ReplicationSlotLostException"/>: it is never recreated behind the operator's back.
/// </summary>
/// <remarks>
/// The connection string's role needs the REPLICATION attribute (and to own the outbox table, or
/// be a superuser, for creating the publication). The slot holds WAL until confirmed: set
/// <c>max_slot_wal_keep_size</c>, watch <see cref="CdcRelayStatus.SlotLagBytes"/> or the
/// <c>eventframework.cdc.slot_lag</c> metric, and <see cref="DropSlot"/> a relay you retire.
/// The slot starts where it was created: messages committed before the first start are not relayed.
/// </remarks>
public sealed partial class PostgresCdcRelay : IAsyncDisposable
{
    private static readonly string[] Columns = ["message_id", "destination", "key", "type", "payload", "headers", "transaction_id", "position"];

    private readonly IProducer _producer;
    private readonly NpgsqlDataSource _dataSource;
    private readonly CdcSlot _slot;
    private readonly PostgresCdcOptions _options;
    private readonly OutboxSql _sql;
    private readonly ResiliencePipeline _retry;
    private CdcRelayStatus _status;

    /// <summary>
    /// A relay named <paramref name="name"/> (its dead letters are kept under that name; its slot is
    /// named after it unless <see cref="PostgresCdcOptions.Slot"/> says otherwise).
    /// </summary>
    public PostgresCdcRelay(string name, string connectionString, IProducer producer, PostgresCdcOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Name = name;
        _producer = producer;
        _options = options ?? new PostgresCdcOptions();
        _dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            _slot = new CdcSlot(_dataSource, connectionString, name, "outbox", _options);
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }
        _sql = new OutboxSql(_options.Schema);
        _status = new CdcRelayStatus { Name = name, Slot = _slot.Name };
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                Delay = _options.Relay.RetryDelay,
                MaxDelay = _options.Relay.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not (OperationCanceledException or ReplicationSlotException)),
                OnRetry = args =>
                {
                    Update(s => s with { LastError = args.Outcome.Exception?.Message });
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The relay's name.</summary>
    public string Name { get; }

    /// <summary>The replication slot's name.</summary>
    public string Slot => _slot.Name;

    /// <summary>The publication's name.</summary>
    public string Publication => _slot.Publication;

    /// <summary>The latest status (safe to read from any thread).</summary>
    public CdcRelayStatus Status => Volatile.Read(ref _status);

    /// <summary>
    /// Creates the publication and slot when missing, checks them when present (the schema's
    /// migrations first). <see cref="Run"/> does it too; call it first to fix the point from which
    /// messages are relayed.
    /// </summary>
    public Task EnsureSlot(CancellationToken ct = default) => _slot.Ensure(ct);

    /// <summary>
    /// Drops the slot, the publication and their record, so that the next start begins afresh at the
    /// WAL's end. Unrelayed messages are then left to another relay. Fails while the relay runs.
    /// </summary>
    public Task DropSlot(CancellationToken ct = default) => _slot.Drop(ct);

    /// <summary>Measures the slot's lag now (bytes of WAL it holds), also updating <see cref="Status"/>.</summary>
    public async Task<long?> MeasureLag(CancellationToken ct = default)
    {
        var state = await _slot.Check(ct).ConfigureAwait(false);
        Update(s => s with { SlotLagBytes = state.LagBytes });
        return state.LagBytes;
    }

    /// <summary>
    /// Relays until <paramref name="ct"/> is cancelled; throws a <see cref="ReplicationSlotException"/>
    /// when the slot is gone, invalidated or not usable. Transient failures are retried.
    /// </summary>
    public async Task Run(CancellationToken ct)
    {
        await _retry.ExecuteAsync(async t => await _slot.Ensure(t).ConfigureAwait(false), ct).ConfigureAwait(false);
        CdcMetrics.Register(this, () => (Name, _slot.Name, Status.SlotLagBytes));
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watching = Watch(stop.Token);
            var relaying = Relay(stop.Token);
            var first = await Task.WhenAny(watching, relaying).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(watching, relaying).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            await first.ConfigureAwait(false);
        }
        finally
        {
            CdcMetrics.Unregister(this);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Replication sessions, one after another: a failed one is followed by a new one after a back-off.</summary>
    private async Task Relay(CancellationToken ct)
    {
        var backoff = _options.Relay.RetryDelay;
        while (true)
        {
            var progressed = false;
            try
            {
                await Session(() => progressed = true, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not ReplicationSlotException && !ct.IsCancellationRequested)
            {
                Update(s => s with { LastError = ex.Message });
                if (progressed) backoff = _options.Relay.RetryDelay;
                await Task.Delay(Jittered(backoff), ct).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.Relay.MaxRetryDelay.Ticks));
                await CheckSlot(ct).ConfigureAwait(false);
            }
        }
    }

    private async Task Session(Action progressed, CancellationToken ct)
    {
        await using var stream = new WalStream(_slot, Columns, heartbeats: _options.Heartbeat is not null);
        await stream.Start(from: null, ct).ConfigureAwait(false);
        var changes = stream.Changes.Reader;
        var batch = new List<StoredOutboxMessage>(_options.Relay.BatchSize);
        while (true)
        {
            while (!changes.TryPeek(out _))
            {
                if (!await WaitForChange(changes, _options.Heartbeat ?? Timeout.InfiniteTimeSpan, ct).ConfigureAwait(false))
                    await Heartbeat(ct).ConfigureAwait(false);
            }

            // Fill a batch: up to BatchSize messages, or what arrives within the window.
            batch.Clear();
            NpgsqlTypes.NpgsqlLogSequenceNumber? confirm = null;
            using (var window = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                window.CancelAfter(_options.BatchWindow);
                while (batch.Count < _options.Relay.BatchSize)
                {
                    if (changes.TryRead(out var change))
                    {
                        if (change.Kind != WalChangeKind.Row) confirm = change.Lsn; // everything before it is in this batch or an earlier one
                        else if (ToMessage(change.Row!) is var message && (_options.Include?.Invoke(message.Message) ?? true)) batch.Add(message);
                        continue;
                    }
                    if (!await WaitForChange(changes, window.Token, ct).ConfigureAwait(false)) break;
                }
            }

            if (batch.Count > 0) await Publish(batch, ct).ConfigureAwait(false);
            if (confirm is { } lsn)
            {
                await stream.Confirm(lsn, ct).ConfigureAwait(false);
                progressed();
                Update(s => s with { Confirmed = lsn, LastError = null });
            }
        }
    }

    private async Task Publish(List<StoredOutboxMessage> batch, CancellationToken ct)
    {
        var messages = batch.ConvertAll(m => m.Message);
        var failures = await _retry.ExecuteAsync(async t => await _producer.Produce(messages, t).ConfigureAwait(false), ct).ConfigureAwait(false);
        var deadLetters = new List<DeadLetter>();
        if (failures.Count > 0)
        {
            var reasons = new Dictionary<Guid, string>();
            foreach (var f in failures) reasons[f.MessageId] = f.Reason;
            var now = DateTimeOffset.UtcNow;
            foreach (var m in batch)
                if (reasons.TryGetValue(m.Message.MessageId, out var reason)) deadLetters.Add(new DeadLetter(Name, m, reason, now));
            await _retry.ExecuteAsync(async t => await StoreDeadLetters(deadLetters, t).ConfigureAwait(false), ct).ConfigureAwait(false);
        }

        var tag = new KeyValuePair<string, object?>("relay", Name);
        CdcMetrics.Published.Add(batch.Count - deadLetters.Count, tag);
        if (deadLetters.Count > 0) CdcMetrics.DeadLettered.Add(deadLetters.Count, tag);
        Update(s => s with
        {
            LastPublished = batch[^1].Position,
            Published = s.Published + batch.Count - deadLetters.Count,
            DeadLettered = s.DeadLettered + deadLetters.Count,
        });
    }

    private Task StoreDeadLetters(List<DeadLetter> deadLetters, CancellationToken ct) => Guard("store dead letters", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.DeadLetter);
        OutboxSql.AddDeadLetters(cmd.Parameters, Name, deadLetters);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });

    private static StoredOutboxMessage ToMessage(object?[] row) => new(
        new OutboxMessage(
            (Guid)row[0]!,
            (string)row[1]!,
            (string)row[2]!,
            (string)row[3]!,
            (byte[])row[4]!,
            JsonSerializer.Deserialize<Dictionary<string, string>>((string)row[5]!) ?? []),
        new LogPosition((ulong)row[6]!, (long)row[7]!));
}
