using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Conformance;

public sealed class SqliteAppendTests(SqliteStoreFixture fixture) : AppendTests<SqliteStoreFixture>(fixture);
