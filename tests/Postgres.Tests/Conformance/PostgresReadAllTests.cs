using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Conformance;

public sealed class PostgresReadAllTests(PostgresStoreFixture fixture) : ReadAllTests<PostgresStoreFixture>(fixture);
