namespace EventFramework.Conformance;

/// <summary>What a backend gives the command-outbox suite: an event store that appends with outbox messages, and its outbox.</summary>
public interface ICommandOutboxFixture
{
    IEventStore Store { get; }

    IOutboxStore Outbox { get; }
}
