using EventFramework.Conformance;

namespace EventFramework.Marten.Tests.Conformance;

public sealed class MartenBadInputTests(MartenStoreFixture fixture) : BadInputTests<MartenStoreFixture>(fixture);
