namespace EventFramework.Conformance;

/// <summary>What a backend gives the outbox conformance suite: a fresh outbox store, and a way to enqueue committed messages.</summary>
public interface IOutboxStoreFixture
{
    IOutboxStore Store { get; }

    /// <summary>Enqueues <paramref name="messages"/> in one committed transaction.</summary>
    Task Enqueue(IReadOnlyList<OutboxMessage> messages);

    /// <summary>Deletes the messages every relay is done with, older than <paramref name="keep"/>.</summary>
    Task<int> DeleteRelayed(TimeSpan keep);
}
