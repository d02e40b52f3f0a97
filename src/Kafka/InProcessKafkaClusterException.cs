namespace EventFramework;

/// <summary>The in-process Kafka cluster could not start or refused an operation.</summary>
public sealed class InProcessKafkaClusterException : Exception
{
    public InProcessKafkaClusterException(string message) : base(message) { }

    public InProcessKafkaClusterException(string message, Exception inner) : base(message, inner) { }
}
