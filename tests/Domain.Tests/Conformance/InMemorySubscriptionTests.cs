using EventFramework.Conformance;

namespace EventFramework.Domain.Tests.Conformance;

public sealed class InMemorySubscriptionTests(InMemoryStoreFixture fixture) : SubscriptionTests<InMemoryStoreFixture>(fixture);
