using EventFramework.Conformance;

namespace EventFramework.Domain.Tests.Conformance;

/// <summary>A fresh in-memory store per conformance class.</summary>
public sealed class InMemoryStoreFixture : IEventStoreFixture
{
    public IEventStore Store { get; } = new InMemoryEventStore();
}
