using EventFramework.Conformance;

namespace EventFramework.Outbox.Tests;

public sealed class InMemoryOutboxStoreTests(InMemoryOutboxFixture fixture) : OutboxStoreTests<InMemoryOutboxFixture>(fixture);

public sealed class InMemoryOutboxRetentionTests(InMemoryOutboxFixture fixture) : OutboxRetentionTests<InMemoryOutboxFixture>(fixture);
