namespace EventFramework.Conformance;

/// <summary>What a backend gives the command-outbox suite: an event store that appends with outbox messages, and its outbox.</summary>
public interface ICommandOutboxFixture
{
    IEventStore Store { get; }

    IOutboxStore Outbox { get; }

    /// <summary>Waits until everything committed so far is readable in commit order (PostgreSQL: the xid8 fence has passed it).</summary>
    Task WaitForOutbox();
}
