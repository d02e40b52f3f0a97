using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Projections;

public sealed class SqliteProjectionSinkConformanceTests(SqliteProjectionSinkFixture fixture) : ProjectionSinkTests<SqliteProjectionSinkFixture, SqliteProjectionContext>(fixture);
