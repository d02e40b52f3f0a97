using EventFramework.Conformance;

namespace EventFramework.Projections.Tests;

public sealed class InMemorySinkFixture : IProjectionSinkFixture<InMemoryDocuments>
{
    private sealed record Counter(long Value);

    private readonly InMemoryProjectionSink _sink = new();

    public IProjectionSink<InMemoryDocuments> Sink => _sink;

    public Task Add(InMemoryDocuments context, string key, long delta, CancellationToken ct)
    {
        context.Put(key, new Counter((context.Get<Counter>(key)?.Value ?? 0) + delta));
        return Task.CompletedTask;
    }

    public Task<long?> Read(string key) => Task.FromResult((_sink.Documents.GetValueOrDefault(key) as Counter)?.Value);
}
