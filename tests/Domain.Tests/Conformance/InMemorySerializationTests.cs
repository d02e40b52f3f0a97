using EventFramework.Conformance;

namespace EventFramework.Domain.Tests.Conformance;

public sealed class InMemorySerializationTests(InMemoryStoreFixture fixture) : SerializationTests<InMemoryStoreFixture>(fixture);
