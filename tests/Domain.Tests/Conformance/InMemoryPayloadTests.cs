using EventFramework.Conformance;

namespace EventFramework.Domain.Tests.Conformance;

public sealed class InMemoryPayloadTests(InMemoryStoreFixture fixture) : PayloadTests<InMemoryStoreFixture>(fixture);
