using EventFramework.Conformance;

namespace EventFramework.Domain.Tests.Conformance;

public sealed class InMemoryLifecycleTests(InMemoryStoreFixture fixture) : LifecycleTests<InMemoryStoreFixture>(fixture);
