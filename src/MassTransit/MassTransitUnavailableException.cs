namespace EventFramework;

/// <summary>
/// The bus could not take a batch (broker down, unreachable, or no confirmation within the
/// timeout). Transient: the relay retries the whole batch and nothing is marked published, so
/// nothing is lost; some messages of the batch may have reached the broker (consumers
/// deduplicate by message id).
/// </summary>
public sealed class MassTransitUnavailableException(string destination, Exception inner)
    : Exception($"The MassTransit bus could not publish to '{destination}': {inner.Message}", inner)
{
    public string Destination { get; } = destination;
}
