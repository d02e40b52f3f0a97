using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Conformance;

public sealed class PostgresAppendTests(PostgresStoreFixture fixture) : AppendTests<PostgresStoreFixture>(fixture);
