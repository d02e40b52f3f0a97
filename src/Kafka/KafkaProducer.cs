using Confluent.Kafka;
using EventFramework.Kafka.Delivery;
using EventFramework.Kafka.Native;

namespace EventFramework;

/// <summary>
/// Publishes outbox batches to Kafka with an idempotent producer (acks=all): topic = destination,
/// key = <see cref="OutboxMessage.Key"/> (one partition per key, so order per key), headers =
/// message id, type and the message's own headers. A message Kafka can never take (too large,
/// illegal topic) comes back as a <see cref="PublishFailure"/>; anything that may pass throws
/// <see cref="KafkaPublishException"/> so the relay retries the batch (at-least-once: consumers
/// deduplicate by the <c>message-id</c> header).
/// </summary>
public sealed class KafkaProducer : IProducer, IDisposable
{
    private readonly ProducerConfig _config;
    private readonly Lock _lock = new();
    private IProducer<string, byte[]>? _producer;

    public KafkaProducer(KafkaProducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _config = options.ToConfig();
        Librdkafka.EnsureLoaded();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) return [];
        var producer = Current();
        var batch = await DeliveryBatch.Send(producer, messages, ct).ConfigureAwait(false);
        if (batch.Transient is { } error)
        {
            // After a fatal error (the idempotence state is lost) the client is unusable: start a new one.
            if (batch.Fatal) Replace(producer);
            throw new KafkaPublishException($"Kafka did not take the batch: {KafkaErrors.Describe(error)}", error.Code.ToString());
        }
        return batch.Failures;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _producer?.Dispose();
            _producer = null;
        }
    }

    private IProducer<string, byte[]> Current()
    {
        lock (_lock) return _producer ??= new ProducerBuilder<string, byte[]>(_config).Build();
    }

    private void Replace(IProducer<string, byte[]> failed)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_producer, failed)) return;
            _producer = null;
        }
        failed.Dispose();
    }
}
