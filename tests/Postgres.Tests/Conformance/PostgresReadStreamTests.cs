using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Conformance;

public sealed class PostgresReadStreamTests(PostgresStoreFixture fixture) : ReadStreamTests<PostgresStoreFixture>(fixture);
