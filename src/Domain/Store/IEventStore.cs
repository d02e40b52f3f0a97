namespace EventFramework;

/// <summary>The whole store contract; every backend (PostgreSQL, SQLite, in-memory) implements it and passes one conformance suite.</summary>
public interface IEventStore : IEventWriter, IEventReader, IAllEventsReader, IStreamLifecycle, IEventSubscriptions
{
}
