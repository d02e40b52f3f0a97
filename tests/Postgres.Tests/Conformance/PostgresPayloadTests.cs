using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Conformance;

public sealed class PostgresPayloadTests(PostgresStoreFixture fixture) : PayloadTests<PostgresStoreFixture>(fixture);
