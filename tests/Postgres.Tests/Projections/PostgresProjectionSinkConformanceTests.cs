using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Projections;

public sealed class PostgresProjectionSinkConformanceTests(PostgresProjectionSinkFixture fixture) : ProjectionSinkTests<PostgresProjectionSinkFixture, PostgresProjectionContext>(fixture);
