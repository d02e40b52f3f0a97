namespace EventFramework;

/// <summary>
/// A message delivered to a saga engine directly (from a broker such as a Kafka topic): its id is
/// what the engine's inbox deduplicates redeliveries by.
/// </summary>
public sealed record SagaMessage(Guid MessageId, object Body);
