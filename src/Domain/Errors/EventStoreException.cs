namespace EventFramework;

/// <summary>The base of every error the event store raises on purpose.</summary>
public abstract class EventStoreException : Exception
{
    protected EventStoreException(string message, Exception? inner = null) : base(message, inner) { }
}
