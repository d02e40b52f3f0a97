using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Conformance;

public sealed class SqliteReadStreamTests(SqliteStoreFixture fixture) : ReadStreamTests<SqliteStoreFixture>(fixture);
