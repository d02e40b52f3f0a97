using EventFramework.Conformance;

namespace EventFramework.Marten.Tests.Conformance;

public sealed class MartenLifecycleTests(MartenStoreFixture fixture) : LifecycleTests<MartenStoreFixture>(fixture);
