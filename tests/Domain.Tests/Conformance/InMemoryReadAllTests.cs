using EventFramework.Conformance;

namespace EventFramework.Domain.Tests.Conformance;

public sealed class InMemoryReadAllTests(InMemoryStoreFixture fixture) : ReadAllTests<InMemoryStoreFixture>(fixture);
