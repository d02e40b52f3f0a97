using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Conformance;

public sealed class SqliteBadInputTests(SqliteStoreFixture fixture) : BadInputTests<SqliteStoreFixture>(fixture);
