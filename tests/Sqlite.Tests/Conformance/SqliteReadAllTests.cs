using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Conformance;

public sealed class SqliteReadAllTests(SqliteStoreFixture fixture) : ReadAllTests<SqliteStoreFixture>(fixture);
