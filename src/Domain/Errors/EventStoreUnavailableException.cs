namespace EventFramework;

/// <summary>
/// The store could not be reached or failed mid-operation (connection refused, dropped,
/// timed out). A failed append is atomic: it either committed fully or not at all, so an
/// append retried with the same event ids is safe.
/// </summary>
public sealed class EventStoreUnavailableException(string store, string operation, Exception inner)
    : EventStoreException($"The {store} event store is unavailable during {operation}: {inner.Message}", inner)
{
    public string Store { get; } = store;
    public string Operation { get; } = operation;
}
