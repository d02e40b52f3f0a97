using EventFramework.Conformance;

namespace EventFramework.Marten.Tests.Conformance;

public sealed class MartenSubscriptionTests(MartenStoreFixture fixture) : SubscriptionTests<MartenStoreFixture>(fixture);
