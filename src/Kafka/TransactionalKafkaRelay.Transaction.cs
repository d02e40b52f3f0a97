using Confluent.Kafka;
using EventFramework.Kafka.Delivery;
using EventFramework.Kafka.Relay;

namespace EventFramework;

public sealed partial class TransactionalKafkaRelay
{
    /// <summary>
    /// Publishes <paramref name="batch"/> and the new position in one transaction. The position record
    /// is produced only after every message of the batch was acknowledged, so even a broker that shows
    /// uncommitted data never holds a position ahead of the messages it covers.
    /// </summary>
    private async Task<RelayPositionRecord> Publish(IProducer<string, byte[]> producer, IReadOnlyList<StoredOutboxMessage> batch, CancellationToken ct)
    {
        var timeout = _options.Producer.TransactionTimeout;
        var dead = new Dictionary<Guid, string>();
        while (true)
        {
            producer.BeginTransaction();
            var delivery = await DeliveryBatch.Send(producer, batch.Select(m => m.Message).Where(m => !dead.ContainsKey(m.MessageId)), ct).ConfigureAwait(false);
            if (delivery.Transient is { } error)
            {
                throw new KafkaPublishException($"Kafka did not take the batch: {KafkaErrors.Describe(error)}", error.Code.ToString());
            }
            foreach (var failure in delivery.Failures) dead[failure.MessageId] = failure.Reason;
            if (delivery.FailedInFlight)
            {
                // A broker refused a message: the transaction can only be aborted. Send the rest again without it.
                await Task.Run(() => producer.AbortTransaction(timeout), ct).ConfigureAwait(false);
                continue;
            }

            var record = new RelayPositionRecord(
                batch[^1].Position.ToString(),
                [.. batch.Where(m => dead.ContainsKey(m.Message.MessageId)).Select(m => new RelayDeadLetter(m.Message.MessageId, dead[m.Message.MessageId]))]);
            var position = await producer.ProduceAsync(_positions.Name, new Message<string, byte[]> { Key = Name, Value = record.ToBytes() }, ct).ConfigureAwait(false);
            if (position.Status != PersistenceStatus.Persisted) throw new KafkaPublishException("the relay position record was not persisted", nameof(ErrorCode.Local_MsgTimedOut));
            await Task.Run(() => producer.CommitTransaction(timeout), ct).ConfigureAwait(false);
            return record;
        }
    }
}
