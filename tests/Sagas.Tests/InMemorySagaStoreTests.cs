using EventFramework.Conformance.Sagas;

namespace EventFramework.Sagas.Tests;

public sealed class InMemorySagaStoreTests(InMemorySagaStoreFixture fixture) : SagaStoreTests<InMemorySagaStoreFixture>(fixture);
