using EventFramework.Conformance;

namespace EventFramework.Domain.Tests.Conformance;

public sealed class InMemoryAppendTests(InMemoryStoreFixture fixture) : AppendTests<InMemoryStoreFixture>(fixture);
