using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Conformance;

public sealed class PostgresBadInputTests(PostgresStoreFixture fixture) : BadInputTests<PostgresStoreFixture>(fixture);
