using Confluent.Kafka;
using EventFramework.Kafka.Delivery;
using EventFramework.Kafka.Native;
using EventFramework.Kafka.Relay;

namespace EventFramework;

/// <summary>
/// Relays outbox messages into Kafka exactly once: each batch and the relay's position record (in a
/// compacted topic, key = relay name) are written in one Kafka transaction, so a relay killed
/// mid-batch has either published the batch and moved its position, or neither. The
/// <c>transactional.id</c> is derived from the relay name, so a restarted relay fences its zombie
/// and aborts its open transaction; it resumes from the position read back with read_committed.
/// After each commit the position (and any dead letters) is mirrored into the database through
/// <see cref="IOutboxStore.Advance"/> for lag, dead-letter and retention tooling, but the Kafka record
/// is the truth. Consumers still deduplicate by the <c>message-id</c> header: Kafka's transaction
/// protocol has lost commit markers before, and brokers without transaction support (such as the
/// in-process mock cluster) show aborted batches.
/// </summary>
public sealed partial class TransactionalKafkaRelay
{
    private static readonly Task NoWakeUps = new TaskCompletionSource().Task;

    private readonly IOutboxStore _store;
    private readonly TransactionalRelayOptions _options;
    private readonly ProducerConfig _config;
    private readonly PositionTopic _positions;
    private readonly ChangeSignal? _wakeUps;
    private OutboxRelayStatus _status;

    /// <summary>A relay named <paramref name="name"/>; its transactional id is <c>eventframework-relay-{name}</c>.</summary>
    public TransactionalKafkaRelay(string name, IOutboxStore store, TransactionalRelayOptions options, ChangeSignal? wakeUps = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options.BatchSize));
        if (KafkaRecords.InvalidTopic(options.PositionTopic) is { } invalid) throw new ArgumentException(invalid, nameof(options));
        Name = name;
        _store = store;
        _options = options;
        _wakeUps = wakeUps;
        _config = options.Producer.ToConfig();
        _config.TransactionalId = "eventframework-relay-" + name;
        _positions = new PositionTopic(options.PositionTopic, options.Producer.BootstrapServers, options.Producer.Settings);
        _status = new OutboxRelayStatus { Name = name };
        Librdkafka.EnsureLoaded();
    }

    /// <summary>The relay's name.</summary>
    public string Name { get; }

    /// <summary>The latest status (safe to read from any thread).</summary>
    public OutboxRelayStatus Status => Volatile.Read(ref _status);

    /// <summary>
    /// Relays until <paramref name="ct"/> is cancelled. Failures (Kafka or the database unreachable) are
    /// retried with back-off, without limit, each time from the position committed in Kafka.
    /// </summary>
    /// <exception cref="KafkaRelayFencedException">A newer instance with the same name took over.</exception>
    public async Task Run(CancellationToken ct)
    {
        var delay = _options.RetryDelay;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await RunSession(() => delay = _options.RetryDelay, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (KafkaException e) when (e.Error.Code is ErrorCode.ProducerFenced or ErrorCode.InvalidProducerEpoch or ErrorCode.TransactionalIdAuthorizationFailed)
            {
                throw new KafkaRelayFencedException(Name, e);
            }
            catch (Exception e)
            {
                Update(s => s with { LastError = e.Message });
                await Task.Delay(Jitter(delay), ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>One producer's life: init (fencing the previous one), resume, then batch after batch until a failure.</summary>
    private async Task RunSession(Action healthy, CancellationToken ct)
    {
        if (_options.CreatePositionTopic) await _positions.Ensure(ct).ConfigureAwait(false);
        using var producer = new ProducerBuilder<string, byte[]>(_config).Build();
        var timeout = _options.Producer.TransactionTimeout;
        await Task.Run(() => producer.InitTransactions(timeout), ct).ConfigureAwait(false);
        var committed = await Task.Run(() => _positions.Load(Name, ct), ct).ConfigureAwait(false);
        var position = await Resume(committed, ct).ConfigureAwait(false);
        Update(s => s with { Position = position, LastError = null });
        healthy();

        Task<IReadOnlyList<StoredOutboxMessage>>? next = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var change = _wakeUps?.NextChange ?? NoWakeUps;
            var batch = await (next ?? _store.ReadAfter(position ?? LogPosition.Start, _options.BatchSize, ct)).ConfigureAwait(false);
            next = null;
            if (batch.Count == 0)
            {
                await ChangeSignal.WaitAsync(change, _options.PollInterval, ct).ConfigureAwait(false);
                continue;
            }
            // Read the next batch while this one is in its transaction: reading is safe to repeat.
            if (batch.Count == _options.BatchSize) next = _store.ReadAfter(batch[^1].Position, _options.BatchSize, ct);
            RelayPositionRecord record;
            try
            {
                record = await Publish(producer, batch, ct).ConfigureAwait(false);
                await Mirror(record, batch, ct).ConfigureAwait(false);
            }
            catch
            {
                if (next is not null) await Task.WhenAny(next).ConfigureAwait(false); // no read left running unobserved
                throw;
            }
            position = record.LogPosition;
            var published = batch.Count - record.DeadLetters.Count;
            Update(s => s with
            {
                Position = position,
                Published = s.Published + published,
                DeadLettered = s.DeadLettered + record.DeadLetters.Count,
                LastError = null,
            });
        }
    }

    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + (Random.Shared.NextDouble() * 0.4));

    private void Update(Func<OutboxRelayStatus, OutboxRelayStatus> change) => Volatile.Write(ref _status, change(Status));
}
