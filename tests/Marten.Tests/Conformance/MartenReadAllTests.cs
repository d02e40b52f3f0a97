using EventFramework.Conformance;

namespace EventFramework.Marten.Tests.Conformance;

public sealed class MartenReadAllTests(MartenStoreFixture fixture) : ReadAllTests<MartenStoreFixture>(fixture);
