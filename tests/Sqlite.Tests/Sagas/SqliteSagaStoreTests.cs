using EventFramework.Conformance.Sagas;

namespace EventFramework.Sqlite.Tests.Sagas;

public sealed class SqliteSagaStoreTests(SqliteSagaStoreFixture fixture) : SagaStoreTests<SqliteSagaStoreFixture>(fixture);
