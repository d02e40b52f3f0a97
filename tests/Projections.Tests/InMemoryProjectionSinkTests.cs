using EventFramework.Conformance;

namespace EventFramework.Projections.Tests;

public sealed class InMemoryProjectionSinkTests(InMemorySinkFixture fixture) : ProjectionSinkTests<InMemorySinkFixture, InMemoryDocuments>(fixture);
