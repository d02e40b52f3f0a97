using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Conformance;

public sealed class SqliteSerializationTests(SqliteStoreFixture fixture) : SerializationTests<SqliteStoreFixture>(fixture);
