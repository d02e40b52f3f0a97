using EventFramework.Conformance;

namespace EventFramework.Outbox.Tests;

public sealed class InMemoryOutboxFixture : IOutboxStoreFixture
{
    private readonly InMemoryOutbox _outbox = new();

    public IOutboxStore Store => _outbox;

    public Task Enqueue(IReadOnlyList<OutboxMessage> messages)
    {
        _outbox.Enqueue(messages);
        return Task.CompletedTask;
    }

    public Task<int> DeleteRelayed(TimeSpan keep) => Task.FromResult(_outbox.DeleteRelayed(keep));
}
