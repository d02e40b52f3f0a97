using Confluent.Kafka;

namespace EventFramework.Kafka.Delivery;

/// <summary>
/// Hands a whole batch to a producer with delivery handlers, then waits for every report: one wait
/// per batch, never one round trip per message. Messages Kafka can never take become failures;
/// the first transient error is kept for the caller to throw.
/// </summary>
internal sealed class DeliveryBatch
{
    private readonly List<PublishFailure> _failures = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending = 1; // the batch itself, released once every message is handed over
    private Error? _transient;

    private DeliveryBatch()
    {
    }

    public IReadOnlyList<PublishFailure> Failures => _failures;

    /// <summary>
    /// Whether a failure came back from a broker (rather than being refused before sending): inside a
    /// transaction that makes the transaction abortable.
    /// </summary>
    public bool FailedInFlight { get; private set; }

    /// <summary>The first error that may pass (broker down, timeout...), or null.</summary>
    public Error? Transient => _transient;

    /// <summary>Whether the client reported a fatal error: the producer must be re-created.</summary>
    public bool Fatal => _transient?.IsFatal == true;

    public static async Task<DeliveryBatch> Send(IProducer<string, byte[]> producer, IEnumerable<OutboxMessage> messages, CancellationToken ct)
    {
        var batch = new DeliveryBatch();
        foreach (var message in messages)
        {
            if (KafkaRecords.InvalidTopic(message.Destination) is { } invalid)
            {
                batch.Fail(message.MessageId, invalid);
                continue;
            }
            await batch.Hand(producer, message, ct).ConfigureAwait(false);
            if (batch._transient is not null) break; // the rest would fail the same way
        }
        batch.Release();
        await batch._done.Task.WaitAsync(ct).ConfigureAwait(false);
        return batch;
    }

    private async Task Hand(IProducer<string, byte[]> producer, OutboxMessage message, CancellationToken ct)
    {
        var record = KafkaRecords.ToKafka(message);
        var id = message.MessageId;
        Interlocked.Increment(ref _pending);
        while (true)
        {
            try
            {
                producer.Produce(message.Destination, record, report => Delivered(id, report.Error, inFlight: true));
                return;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                await Task.Delay(5, ct).ConfigureAwait(false); // the client's queue drains as the brokers acknowledge
            }
            catch (KafkaException e)
            {
                Delivered(id, e.Error, inFlight: false);
                return;
            }
        }
    }

    private void Delivered(Guid id, Error error, bool inFlight)
    {
        if (error.IsError)
        {
            if (KafkaErrors.IsPermanent(error))
            {
                Fail(id, KafkaErrors.Describe(error));
                if (inFlight) FailedInFlight = true;
            }
            else Interlocked.CompareExchange(ref _transient, error, null);
        }
        Release();
    }

    private void Fail(Guid id, string reason)
    {
        lock (_failures) _failures.Add(new PublishFailure(id, reason));
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0) _done.TrySetResult();
    }
}
