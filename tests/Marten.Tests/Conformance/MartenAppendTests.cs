using EventFramework.Conformance;

namespace EventFramework.Marten.Tests.Conformance;

public sealed class MartenAppendTests(MartenStoreFixture fixture) : AppendTests<MartenStoreFixture>(fixture);
