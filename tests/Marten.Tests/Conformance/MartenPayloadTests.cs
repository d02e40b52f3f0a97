using EventFramework.Conformance;

namespace EventFramework.Marten.Tests.Conformance;

public sealed class MartenPayloadTests(MartenStoreFixture fixture) : PayloadTests<MartenStoreFixture>(fixture);
