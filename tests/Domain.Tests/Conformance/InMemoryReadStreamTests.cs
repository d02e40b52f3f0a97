using EventFramework.Conformance;

namespace EventFramework.Domain.Tests.Conformance;

public sealed class InMemoryReadStreamTests(InMemoryStoreFixture fixture) : ReadStreamTests<InMemoryStoreFixture>(fixture);
