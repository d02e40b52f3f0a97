using EventFramework.Conformance;

namespace EventFramework.Domain.Tests.Conformance;

public sealed class InMemoryBadInputTests(InMemoryStoreFixture fixture) : BadInputTests<InMemoryStoreFixture>(fixture);
