using EventFramework.Conformance;

namespace EventFramework.Marten.Tests.Conformance;

public sealed class MartenSerializationTests(MartenStoreFixture fixture) : SerializationTests<MartenStoreFixture>(fixture);
