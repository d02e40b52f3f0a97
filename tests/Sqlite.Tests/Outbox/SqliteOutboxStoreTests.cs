using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Outbox;

public sealed class SqliteOutboxStoreTests(SqliteOutboxFixture fixture) : OutboxStoreTests<SqliteOutboxFixture>(fixture);
