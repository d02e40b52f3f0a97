using EventFramework.Conformance;
using EventFramework.Sqlite.Tests.Conformance;

namespace EventFramework.Sqlite.Tests.Outbox;

public sealed class SqliteCommandOutboxTests(SqliteStoreFixture fixture) : CommandOutboxTests<SqliteStoreFixture>(fixture);
