using System.Text;
using Confluent.Kafka;
using EventFramework.Kafka.Delivery;
using EventFramework.Kafka.Native;

namespace EventFramework;

/// <summary>
/// Feeds a projection (or saga) from Kafka topics with exactly-once effects: each batch's effects and
/// its partition offsets commit in one database transaction (<see cref="IConsumerOffsets{TContext}"/>),
/// never to the group. On partition assignment it seeks to the stored offsets. It reads with
/// isolation.level=read_committed and scales out with a consumer group named after the source: each
/// partition is owned by one member, and the offsets' compare-and-set turns away a batch that a
/// member which lost its partition in a rebalance still tries to commit.
/// </summary>
public sealed class KafkaConsumerSource<TContext>
{
    private readonly IConsumerOffsets<TContext> _offsets;
    private readonly Func<TContext, IReadOnlyList<ConsumedMessage>, CancellationToken, Task> _apply;
    private readonly KafkaConsumerSourceOptions _options;
    private readonly ConsumerConfig _config;
    private readonly Dictionary<TopicPartition, long?> _expected = [];
    private IReadOnlyList<(string Topic, int Partition)> _assignment = [];
    private long _applied;

    /// <summary>
    /// A source named <paramref name="name"/> (the consumer group and the key of its stored offsets) reading
    /// <paramref name="topics"/>; <paramref name="apply"/> runs once per batch inside the offsets' transaction.
    /// </summary>
    public KafkaConsumerSource(string name, IReadOnlyList<string> topics, IConsumerOffsets<TContext> offsets,
        Func<TContext, IReadOnlyList<ConsumedMessage>, CancellationToken, Task> apply, KafkaConsumerSourceOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0) throw new ArgumentException("a consumer source needs at least one topic", nameof(topics));
        foreach (var topic in topics)
        {
            if (KafkaRecords.InvalidTopic(topic) is { } invalid) throw new ArgumentException(invalid, nameof(topics));
        }
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options.MaxBatchSize));
        Name = name;
        Topics = topics;
        _offsets = offsets;
        _apply = apply;
        _options = options;
        _config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = name,
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        foreach (var (key, value) in options.Settings) _config.Set(key, value);
        Librdkafka.EnsureLoaded();
    }

    public string Name { get; }

    public IReadOnlyList<string> Topics { get; }

    /// <summary>The partitions this member owns now.</summary>
    public IReadOnlyList<(string Topic, int Partition)> Assignment => Volatile.Read(ref _assignment);

    /// <summary>How many messages this member has applied (committed) so far.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Consumes until <paramref name="ct"/> is cancelled; a failed batch is retried from the stored offsets.</summary>
    public Task Run(CancellationToken ct) => Task.Factory.StartNew(() => Loop(ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task Loop(CancellationToken ct)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(_config)
            .SetPartitionsAssignedHandler((_, partitions) => Assigned(partitions, ct))
            .SetPartitionsRevokedHandler((_, _) => Assign([]))
            .SetPartitionsLostHandler((_, _) => Assign([]))
            .Build();
        consumer.Subscribe(Topics);
        var delay = _options.RetryDelay;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                List<ConsumeResult<string?, byte[]>> batch;
                try
                {
                    batch = Next(consumer);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    continue; // the client recovers by itself (broker down, rebalance); nothing was applied
                }
                if (batch.Count == 0) continue;
                try
                {
                    await Commit(consumer, batch, ct).ConfigureAwait(false);
                    delay = _options.RetryDelay;
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    // The database is unreachable (or a handler failed): nothing was committed; read the batch again.
                    Rewind(consumer, batch.Select(r => r.TopicPartition).Distinct(), ct);
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                }
            }
        }
        finally
        {
            consumer.Close();
        }
        ct.ThrowIfCancellationRequested();
    }

    private List<ConsumeResult<string?, byte[]>> Next(IConsumer<string?, byte[]> consumer)
    {
        var batch = new List<ConsumeResult<string?, byte[]>>();
        var result = consumer.Consume(_options.PollInterval);
        while (result is not null)
        {
            if (result is { IsPartitionEOF: false, Message: not null }) batch.Add(result);
            if (batch.Count >= _options.MaxBatchSize) break;
            result = consumer.Consume(TimeSpan.Zero);
        }
        return batch;
    }

    private async Task Commit(IConsumer<string?, byte[]> consumer, List<ConsumeResult<string?, byte[]>> batch, CancellationToken ct)
    {
        var ranges = batch.GroupBy(r => r.TopicPartition).Select(g =>
        {
            // From is where the stored offset stands: transaction markers take offsets, so it may be below the first message's.
            var from = _expected.TryGetValue(g.Key, out var stored) && stored is { } s ? s : g.Min(r => r.Offset.Value);
            return new ConsumedRange(g.Key.Topic, g.Key.Partition.Value, from, g.Max(r => r.Offset.Value) + 1);
        }).ToList();
        var messages = batch.Select(ToMessage).ToList();
        if (await _offsets.Commit(Name, ranges, (context, t) => _apply(context, messages, t), ct).ConfigureAwait(false))
        {
            foreach (var r in ranges) _expected[new TopicPartition(r.Topic, r.Partition)] = r.Next;
            Interlocked.Add(ref _applied, messages.Count);
        }
        else
        {
            // Someone else (the partition's new owner) moved on: continue from what is stored.
            Rewind(consumer, batch.Select(r => r.TopicPartition).Distinct(), ct);
        }
    }

    private void Rewind(IConsumer<string?, byte[]> consumer, IEnumerable<TopicPartition> partitions, CancellationToken ct)
    {
        var owned = partitions.Where(_expected.ContainsKey).ToList();
        foreach (var offset in StoredOffsets(owned, ct))
        {
            _expected[offset.TopicPartition] = offset.Offset == Offset.Beginning ? null : offset.Offset.Value;
            consumer.Seek(offset);
        }
    }

    private List<TopicPartitionOffset> Assigned(List<TopicPartition> partitions, CancellationToken ct)
    {
        var offsets = StoredOffsets(partitions, ct);
        _expected.Clear();
        foreach (var o in offsets) _expected[o.TopicPartition] = o.Offset == Offset.Beginning ? null : o.Offset.Value;
        Assign([.. partitions.Select(p => (p.Topic, p.Partition.Value))]);
        return offsets;
    }

    private List<TopicPartitionOffset> StoredOffsets(IEnumerable<TopicPartition> partitions, CancellationToken ct)
    {
        var result = new List<TopicPartitionOffset>();
        foreach (var topic in partitions.GroupBy(p => p.Topic))
        {
            var stored = _offsets.Load(Name, topic.Key, ct).GetAwaiter().GetResult();
            result.AddRange(topic.Select(p => new TopicPartitionOffset(p, stored.TryGetValue(p.Partition.Value, out var next) ? new Offset(next) : Offset.Beginning)));
        }
        return result;
    }

    private void Assign(IReadOnlyList<(string Topic, int Partition)> assignment) => Volatile.Write(ref _assignment, assignment);

    private static ConsumedMessage ToMessage(ConsumeResult<string?, byte[]> result)
    {
        var headers = new Dictionary<string, string>();
        foreach (var header in result.Message.Headers ?? []) headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes());
        Guid? id = headers.TryGetValue(KafkaRecords.MessageIdHeader, out var text) && Guid.TryParse(text, out var parsed) ? parsed : null;
        return new ConsumedMessage(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key, id,
            headers.GetValueOrDefault(KafkaRecords.TypeHeader), result.Message.Value ?? [], headers);
    }
}
