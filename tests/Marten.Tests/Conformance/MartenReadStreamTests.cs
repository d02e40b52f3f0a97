using EventFramework.Conformance;

namespace EventFramework.Marten.Tests.Conformance;

public sealed class MartenReadStreamTests(MartenStoreFixture fixture) : ReadStreamTests<MartenStoreFixture>(fixture);
