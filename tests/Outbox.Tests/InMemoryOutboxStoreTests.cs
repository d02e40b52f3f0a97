using EventFramework.Conformance;

namespace EventFramework.Outbox.Tests;

public sealed class InMemoryOutboxStoreTests(InMemoryOutboxFixture fixture) : OutboxStoreTests<InMemoryOutboxFixture>(fixture);
