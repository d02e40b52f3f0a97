using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Conformance;

public sealed class SqliteLifecycleTests(SqliteStoreFixture fixture) : LifecycleTests<SqliteStoreFixture>(fixture);
