namespace EventFramework;

/// <summary>
/// A message read from Kafka by a <see cref="KafkaConsumerSource{TContext}"/>, with where it was read.
/// <see cref="MessageId"/> and <see cref="Type"/> come from the outbox headers when the relay published it.
/// </summary>
public sealed record ConsumedMessage(
    string Topic,
    int Partition,
    long Offset,
    string? Key,
    Guid? MessageId,
    string? Type,
    byte[] Payload,
    IReadOnlyDictionary<string, string> Headers);
