namespace EventFramework;

/// <summary>
/// Another transaction changed a saga (or claimed the same work) first. The engine rolls back
/// and retries the whole batch against the new state; nothing is lost or applied twice.
/// </summary>
public sealed class SagaConcurrencyException(string message, Exception? inner = null) : EventStoreException(message, inner);
