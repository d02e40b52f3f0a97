using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Conformance;

public sealed class SqlitePayloadTests(SqliteStoreFixture fixture) : PayloadTests<SqliteStoreFixture>(fixture);
