using EventFramework.Conformance.Sagas;

namespace EventFramework.Postgres.Tests.Sagas;

public sealed class PostgresSagaStoreTests(PostgresSagaStoreFixture fixture) : SagaStoreTests<PostgresSagaStoreFixture>(fixture);

public sealed class PostgresConcurrentSagaStoreTests(PostgresSagaStoreFixture fixture) : ConcurrentSagaStoreTests<PostgresSagaStoreFixture>(fixture);
