namespace EventFramework;

/// <summary>
/// Another relay instance with the same name (so the same <c>transactional.id</c>) started and Kafka
/// fenced this one: it stops rather than fight for the position.
/// </summary>
public sealed class KafkaRelayFencedException(string relay, Exception inner)
    : Exception($"relay '{relay}' was fenced by a newer instance with the same transactional id", inner)
{
    public string Relay { get; } = relay;
}
