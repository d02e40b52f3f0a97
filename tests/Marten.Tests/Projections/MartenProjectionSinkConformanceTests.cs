using EventFramework.Conformance;

namespace EventFramework.Marten.Tests.Projections;

public sealed class MartenProjectionSinkConformanceTests(MartenProjectionSinkFixture fixture) : ProjectionSinkTests<MartenProjectionSinkFixture, MartenProjectionContext>(fixture);
